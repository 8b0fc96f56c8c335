package dev.tempered.activities.chat.sft;

import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The SFT run that {@code bench/chat/make_sft_reference.py} repeats in PyTorch: a small model with
 * seeded initial weights, 8 steps of two masked micro-batches from a {@link PackedConversations}
 * over conversation-shaped token sequences (BOS, a prompt with mask 0, a reply with mask 1, up to
 * three turns), AdamW, SFT's warmup + linear decay, clipping at 1.0. Both sides derive from this
 * class: the export writes the initial checkpoint and the batches, the test recomputes them and
 * checks their digest against the fixture before comparing losses.
 */
final class SftParityRun {
    static final GptConfig CONFIG = new GptConfig(2, 4, 64, 32, 256, 0.0);
    static final long SEED = 1337;
    static final int STEPS = 8;
    static final int MICRO_BATCHES = 2;
    static final int BATCH = 4;
    static final int BOS = 255;
    static final SftSchedule SCHEDULE = new SftSchedule(3e-3, 2, STEPS);
    static final AdamW.Settings ADAMW = AdamW.Settings.defaults();
    static final double CLIP = 1.0;

    private SftParityRun() {}

    /**
     * 60 conversations of 1–3 turns. A reply continues its prompt by a fixed rule ((t·7 + 3) mod
     * 250) with some noise, so the masked loss has something to learn; lengths vary so packing
     * leaves padding.
     */
    static List<RenderedConversation> conversations() {
        Random r = new Random(7);
        List<RenderedConversation> out = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            List<Integer> ids = new ArrayList<>();
            List<Integer> mask = new ArrayList<>();
            ids.add(BOS);
            mask.add(0);
            int turns = 1 + r.nextInt(3);
            for (int t = 0; t < turns && ids.size() < CONFIG.contextLength() - 4; t++) {
                int prompt = 1 + r.nextInt(5);
                int last = r.nextInt(250);
                for (int i = 0; i < prompt; i++) {
                    last = r.nextInt(250);
                    ids.add(last);
                    mask.add(0);
                }
                int reply = 1 + r.nextInt(5);
                for (int i = 0; i < reply; i++) {
                    last = r.nextInt(5) == 0 ? r.nextInt(250) : (last * 7 + 3) % 250;
                    ids.add(last);
                    mask.add(1);
                }
            }
            int n = Math.min(ids.size(), CONFIG.contextLength() + 1);
            int[] a = new int[n];
            byte[] m = new byte[n];
            for (int i = 0; i < n; i++) {
                a[i] = ids.get(i);
                m[i] = (byte) (int) mask.get(i);
            }
            out.add(new RenderedConversation(a, m, RenderedConversation.Cut.NONE));
        }
        return out;
    }

    /** Steps × micro-batches, in training order. */
    static List<List<MaskedBatch>> batches() {
        PackedConversations loader = new PackedConversations(conversations(), CONFIG.contextLength(), BOS, SEED);
        List<List<MaskedBatch>> out = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            List<MaskedBatch> step = new ArrayList<>();
            for (int m = 0; m < MICRO_BATCHES; m++) step.add(loader.next(BATCH));
            out.add(step);
        }
        return out;
    }

    /** sha256 over every batch's inputs, targets (little-endian int32) and mask (as int32 0/1), in training order. */
    static String batchesSha256(List<List<MaskedBatch>> batches) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<MaskedBatch> step : batches) {
            for (MaskedBatch b : step) {
                out.write(le(b.inputs()));
                out.write(le(b.targets()));
                int[] m = new int[b.mask().length];
                for (int i = 0; i < m.length; i++) m[i] = (int) b.mask()[i];
                out.write(le(m));
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    }

    private static byte[] le(int[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(v);
        return buf.array();
    }
}
