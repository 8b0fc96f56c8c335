package dev.tempered.activities.curation.lang;

import java.nio.charset.StandardCharsets;

/**
 * fastText's dictionary and tokeniser for prediction: turns one line of UTF-8 text into the input
 * row ids fastText averages, exactly as {@code Dictionary::getLine} followed by
 * {@code addWordNgrams} does.
 *
 * <ul>
 *   <li>Tokens are split on {@code ' ' \n \r \t \v \f \0}; the end of the line is the token
 *       {@code </s>}, and a literal {@code </s>} in the text also ends the line, as in fastText.
 *   <li>A known word contributes its own id and the ids of its character n-grams (precomputed at
 *       load); an unknown word only its character n-grams. N-grams are taken over
 *       {@code <word>} in whole UTF-8 characters, lengths minn..maxn, hashed with fastText's FNV-1a
 *       variant (bytes sign-extended before the xor) modulo bucket.
 *   <li>A quantized model keeps only some n-gram buckets (the "pruned index"); n-grams outside it
 *       contribute nothing.
 *   <li>Tokens starting with {@code __label__} are labels and are skipped.
 * </ul>
 *
 * Not handled: fastText's training-time discard table and anything about training; unpaired
 * UTF-16 surrogates in Java strings become {@code ?} when encoded, where Python would refuse them.
 */
final class FastTextDictionary {
    static final String LABEL_PREFIX = "__label__";
    static final String EOS = "</s>";
    private static final byte[] LABEL_BYTES = LABEL_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte TYPE_WORD = 0, TYPE_LABEL = 1;
    private static final int FNV_OFFSET = 0x811c9dc5; // 2166136261
    private static final int FNV_PRIME = 16777619;
    private static final long WORD_NGRAM_MULT = 116049371L;
    private static final byte BOW = '<', EOW = '>';

    final int nwords;
    final int nlabels;
    final long ntokens;
    private final FastTextArgs args;
    private final byte[][] entries; // (size) UTF-8 bytes of each word, then each label
    private final long[] counts; // (size)
    private final int[] table; // open addressing over entries by fastText hash: entry id or -1
    private final int[] subwordStart; // (nwords + 1) offsets into subwords
    private final int[] subwords; // ids of each word: itself, then its character n-grams
    private final long pruneidxSize; // -1: not pruned, 0: every n-gram pruned, >0: keptBits/keptRows
    // The pruned index as a rank structure: for every 64 buckets, a word of "kept" bits followed
    // by the number of kept buckets before it; a kept bucket's row offset is keptRows[rank]. Most
    // n-grams of real text are not kept, and this answers them from a 500 KB array (lid.176)
    // that stays in cache, where a hash table of (bucket, row) pairs did not.
    private final long[] keptBits; // (2 * ceil(bucket / 64)): bits, count before, bits, ...
    private final int[] keptRows; // (pruneidx_size) row offsets in bucket order
    private final long bucketReciprocal; // for fastMod: h % bucket without a division
    private final int eosId;
    private final int eosHash;

    private FastTextDictionary(
            FastTextArgs args,
            int nwords,
            int nlabels,
            long ntokens,
            byte[][] entries,
            long[] counts,
            long pruneidxSize,
            long[] keptBits,
            int[] keptRows) {
        this.args = args;
        this.nwords = nwords;
        this.nlabels = nlabels;
        this.ntokens = ntokens;
        this.entries = entries;
        this.counts = counts;
        this.pruneidxSize = pruneidxSize;
        this.keptBits = keptBits;
        this.keptRows = keptRows;
        this.bucketReciprocal = args.bucket() > 0 ? Long.divideUnsigned(-1L, args.bucket()) + 1 : 0;
        this.table = new int[Integer.highestOneBit(Math.max(entries.length, 1) * 2) * 2];
        java.util.Arrays.fill(table, -1);
        for (int i = 0; i < entries.length; i++) {
            int slot = slot(entries[i], 0, entries[i].length, hash(entries[i], 0, entries[i].length));
            table[slot] = i; // as in fastText, a later duplicate entry wins
        }
        byte[] eos = EOS.getBytes(StandardCharsets.US_ASCII);
        this.eosHash = hash(eos, 0, eos.length);
        this.eosId = lookup(eos, 0, eos.length, eosHash);
        IntList scratch = new IntList();
        this.subwordStart = new int[nwords + 1];
        for (int i = 0; i < nwords; i++) {
            scratch.add(i);
            if (i != eosId) addCharNgrams(entries[i], 0, entries[i].length, scratch);
            subwordStart[i + 1] = scratch.size;
        }
        this.subwords = java.util.Arrays.copyOf(scratch.items, scratch.size);
    }

    static FastTextDictionary read(ModelReader in, FastTextArgs args) {
        int at = in.position();
        int size = in.readInt("dictionary.size");
        int nwords = in.readInt("dictionary.nwords");
        int nlabels = in.readInt("dictionary.nlabels");
        long ntokens = in.readLong("dictionary.ntokens");
        long pruneidxSize = in.readLong("dictionary.pruneidx_size");
        if (size < 0 || nwords < 0 || nlabels <= 0 || (long) nwords + nlabels != size) {
            throw new ModelFormatException(
                    "dictionary sizes disagree: size=" + size + " nwords=" + nwords + " nlabels=" + nlabels
                            + " (need size = nwords + nlabels, nlabels > 0)",
                    at);
        }
        // Every entry takes at least 10 bytes; a size beyond that is corruption, not a big model.
        if (size > in.remaining() / 10) {
            throw new ModelFormatException(
                    "truncated model or corrupt dictionary.size: " + size + " entries need at least " + 10L * size
                            + " bytes, the file has " + in.remaining() + " left",
                    at);
        }
        byte[][] entries = new byte[size][];
        long[] counts = new long[size];
        for (int i = 0; i < size; i++) {
            int entryAt = in.position();
            entries[i] = in.readCString("dictionary.entry[" + i + "].word");
            counts[i] = in.readLong("dictionary.entry[" + i + "].count");
            byte type = in.readByte("dictionary.entry[" + i + "].type");
            byte expected = i < nwords ? TYPE_WORD : TYPE_LABEL;
            if (type != expected) {
                throw new ModelFormatException(
                        "dictionary.entry[" + i + "] '" + ModelReader.utf8(entries[i]) + "' has type " + type
                                + ", expected " + expected + " (words first, then labels)",
                        entryAt);
            }
        }
        int pruneAt = in.position();
        if (pruneidxSize < -1) {
            throw new ModelFormatException(
                    "dictionary.pruneidx_size is " + pruneidxSize + ", expected -1 or more", pruneAt);
        }
        if (pruneidxSize > in.remaining() / 8) {
            throw new ModelFormatException(
                    "truncated model or corrupt dictionary.pruneidx_size: " + pruneidxSize + " pairs need "
                            + 8 * pruneidxSize + " bytes, the file has " + in.remaining() + " left",
                    pruneAt);
        }
        long[] bits = null;
        int[] rows = null;
        if (pruneidxSize > 0) {
            int words = (args.bucket() + 63) >>> 6;
            bits = new long[2 * words];
            int[] rowOfBucket = new int[(int) pruneidxSize * 2];
            for (int i = 0; i < pruneidxSize; i++) {
                int first = in.readInt("dictionary.pruneidx[" + i + "].bucket");
                int second = in.readInt("dictionary.pruneidx[" + i + "].row");
                if (first < 0 || first >= args.bucket() || second < 0 || second >= pruneidxSize) {
                    throw new ModelFormatException(
                            "dictionary.pruneidx[" + i + "] = (" + first + ", " + second + ") is outside bucket "
                                    + args.bucket() + " / size " + pruneidxSize,
                            in.position() - 8);
                }
                if ((bits[2 * (first >>> 6)] & 1L << first) != 0) {
                    throw new ModelFormatException(
                            "dictionary.pruneidx has bucket " + first + " twice", in.position() - 8);
                }
                bits[2 * (first >>> 6)] |= 1L << first;
                rowOfBucket[2 * i] = first;
                rowOfBucket[2 * i + 1] = second;
            }
            int count = 0;
            for (int w = 0; w < words; w++) {
                bits[2 * w + 1] = count;
                count += Long.bitCount(bits[2 * w]);
            }
            rows = new int[(int) pruneidxSize];
            for (int i = 0; i < pruneidxSize; i++) rows[rank(bits, rowOfBucket[2 * i])] = rowOfBucket[2 * i + 1];
        }
        return new FastTextDictionary(args, nwords, nlabels, ntokens, entries, counts, pruneidxSize, bits, rows);
    }

    /** The number of input rows this dictionary addresses: words plus kept n-gram buckets. */
    long inputRows() {
        return nwords + (pruneidxSize < 0 ? args.bucket() : pruneidxSize);
    }

    /** Label {@code i} (0-based among labels) without its {@code __label__} prefix. */
    String label(int i) {
        byte[] b = entries[nwords + i];
        String s = ModelReader.utf8(b);
        return s.startsWith(LABEL_PREFIX) ? s.substring(LABEL_PREFIX.length()) : s;
    }

    long[] labelCounts() {
        return java.util.Arrays.copyOfRange(counts, nwords, nwords + nlabels);
    }

    /**
     * Appends to {@code ids} the input rows of the line {@code text[0, len)} followed by a newline,
     * which is what fastText's Python {@code predict} feeds for one line. {@code hashes} is scratch.
     */
    void lineIds(byte[] text, int len, IntList ids, IntList hashes) {
        ids.clear();
        hashes.clear();
        int i = 0;
        while (true) {
            while (i < len && isDelimiter(text[i])) i++;
            if (i == len) break; // the newline Python appends: it reads as </s> below
            int start = i;
            int h = FNV_OFFSET;
            while (i < len && !isDelimiter(text[i])) {
                h = (h ^ text[i]) * FNV_PRIME; // byte is sign-extended, as fastText's int8_t cast
                i++;
            }
            if (isEos(text, start, i)) break; // fastText ends the line at a literal </s> too
            int wid = lookup(text, start, i, h);
            if (wid >= nwords || (wid < 0 && startsWith(text, start, i, LABEL_BYTES))) continue;
            if (wid < 0) {
                addCharNgrams(text, start, i, ids);
            } else if (args.maxn() <= 0) {
                ids.add(wid);
            } else {
                ids.addAll(subwords, subwordStart[wid], subwordStart[wid + 1]);
            }
            hashes.add(h);
        }
        if (eosId >= 0) ids.add(eosId); // </s> is a word with no character n-grams
        hashes.add(eosHash);
        addWordNgrams(ids, hashes);
    }

    private void addWordNgrams(IntList ids, IntList hashes) {
        int n = args.bucket() == 0 ? 1 : args.wordNgrams();
        for (int i = 0; i < hashes.size; i++) {
            long h = hashes.items[i]; // fastText widens the int32 hash to uint64 with sign extension
            for (int j = i + 1; j < hashes.size && j < i + n; j++) {
                h = h * WORD_NGRAM_MULT + hashes.items[j];
                pushBucket((int) Long.remainderUnsigned(h, args.bucket()), ids);
            }
        }
    }

    /**
     * Character n-grams of {@code <token>}: starts only at UTF-8 lead bytes, lengths minn..maxn in
     * characters, and never the lone {@code <} or {@code >}. The bracketed word is never built;
     * position -1 and len stand for the brackets.
     */
    private void addCharNgrams(byte[] text, int from, int to, IntList ids) {
        int minn = args.minn(), maxn = args.maxn();
        if (maxn <= 0 || args.bucket() == 0) return;
        int wordLen = to - from + 2;
        for (int i = 0; i < wordLen; i++) {
            if ((at(text, from, to, i) & 0xC0) == 0x80) continue;
            int h = FNV_OFFSET;
            int j = i;
            for (int n = 1; j < wordLen && n <= maxn; n++) {
                h = (h ^ at(text, from, to, j++)) * FNV_PRIME;
                while (j < wordLen && (at(text, from, to, j) & 0xC0) == 0x80) {
                    h = (h ^ at(text, from, to, j++)) * FNV_PRIME;
                }
                if (n >= minn && !(n == 1 && (i == 0 || j == wordLen))) {
                    pushBucket(bucketOf(h), ids);
                }
            }
        }
    }

    /** Byte {@code k} of {@code <} + text[from, to) + {@code >}. */
    private static byte at(byte[] text, int from, int to, int k) {
        if (k == 0) return BOW;
        int p = from + k - 1;
        return p < to ? text[p] : EOW;
    }

    /** fastText's {@code pushHash}: n-gram bucket to input row, through the pruned index if any. */
    private void pushBucket(int bucket, IntList ids) {
        if (pruneidxSize == 0 || bucket < 0) return;
        if (pruneidxSize < 0) {
            ids.add(nwords + bucket);
            return;
        }
        long word = keptBits[2 * (bucket >>> 6)];
        if ((word & 1L << bucket) == 0) return;
        ids.add(nwords + keptRows[rank(keptBits, bucket)]);
    }

    /** How many kept buckets precede {@code bucket}. */
    private static int rank(long[] bits, int bucket) {
        int w = bucket >>> 6;
        return (int) bits[2 * w + 1] + Long.bitCount(bits[2 * w] & ((1L << bucket) - 1));
    }

    /**
     * {@code Integer.remainderUnsigned(h, bucket)} by Lemire's fastmod: a multiply instead of a
     * 64-bit division, which was the single largest cost of tokenising.
     */
    private int bucketOf(int h) {
        return fastMod(h, bucketReciprocal, args.bucket());
    }

    /** {@code h} as unsigned, modulo {@code d > 0}, given {@code reciprocal = 2^64 / d + 1}. */
    static int fastMod(int h, long reciprocal, int d) {
        long low = reciprocal * (h & 0xffffffffL);
        return (int) (Math.multiplyHigh(low, d) + ((low >> 63) & d)); // unsigned high word
    }

    /** Entry id of {@code text[from, to)} whose fastText hash is {@code h}, or -1. */
    private int lookup(byte[] text, int from, int to, int h) {
        return table[slot(text, from, to, h)];
    }

    private int slot(byte[] text, int from, int to, int h) {
        int mask = table.length - 1;
        int s = mix(h) & mask;
        while (table[s] != -1
                && !java.util.Arrays.equals(entries[table[s]], 0, entries[table[s]].length, text, from, to)) {
            s = (s + 1) & mask;
        }
        return s;
    }

    static int hash(byte[] b, int from, int to) {
        int h = FNV_OFFSET;
        for (int i = from; i < to; i++) h = (h ^ b[i]) * FNV_PRIME;
        return h;
    }

    /** Spreads hashes over a power-of-two table so that probing stays short. */
    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    private static boolean isDelimiter(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f' || c == 0;
    }

    private boolean isEos(byte[] text, int from, int to) {
        return to - from == 4
                && text[from] == '<'
                && text[from + 1] == '/'
                && text[from + 2] == 's'
                && text[from + 3] == '>';
    }

    private static boolean startsWith(byte[] text, int from, int to, byte[] prefix) {
        return to - from >= prefix.length
                && java.util.Arrays.equals(text, from, from + prefix.length, prefix, 0, prefix.length);
    }
}
