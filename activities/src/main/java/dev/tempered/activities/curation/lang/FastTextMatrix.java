package dev.tempered.activities.curation.lang;

/**
 * A fastText weight matrix held dense in memory, whichever way it was stored. Quantized matrices
 * (a product quantizer: per-row codes into 256-entry codebooks per sub-vector, plus an optional
 * quantized row norm) are dequantized once at load: for lid.176.ftz's input matrix that is
 * 50,000 x 16 floats (3.2 MB), far cheaper than decoding codes for every token of every document.
 *
 * <p>Dequantizing preserves fastText's float results exactly. fastText adds a quantized row as
 * {@code x[j] += norm * c[j]} and dots one as {@code (sum_j x[j] * c[j]) * norm}; an
 * {@linkplain #readInput input} matrix therefore stores the products {@code norm * c[j]}, an
 * {@linkplain #readOutput output} matrix stores {@code c[j]} and applies the norm after the dot.
 */
final class FastTextMatrix {
    /** Codebook size: fastText's product quantizer always uses 8-bit codes. */
    private static final int KSUB = 256;

    final int rows;
    final int cols;
    private final float[] data; // (rows, cols)
    private final float[] rowScale; // (rows) or null: multiplies a dot product, never a row add

    private FastTextMatrix(int rows, int cols, float[] data, float[] rowScale) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.rowScale = rowScale;
    }

    static FastTextMatrix readInput(ModelReader in, boolean quantized, String name) {
        return quantized ? readQuantized(in, true, name) : readDense(in, name);
    }

    static FastTextMatrix readOutput(ModelReader in, boolean quantized, String name) {
        return quantized ? readQuantized(in, false, name) : readDense(in, name);
    }

    /** {@code x += row(i)}, as fastText's {@code addRowToVector(x, i)}. */
    void addRowTo(float[] x, int i) {
        int base = i * cols;
        for (int j = 0; j < cols; j++) x[j] += data[base + j];
    }

    /** {@code row(i) . x}, as fastText's {@code dotRow(x, i)}. */
    float dotRow(float[] x, int i) {
        int base = i * cols;
        float d = 0f;
        for (int j = 0; j < cols; j++) d += data[base + j] * x[j];
        return rowScale == null ? d : d * rowScale[i];
    }

    private static FastTextMatrix readDense(ModelReader in, String name) {
        int at = in.position();
        long m = in.readLong(name + ".rows");
        long n = in.readLong(name + ".cols");
        checkShape(m, n, name, at);
        return new FastTextMatrix((int) m, (int) n, in.readFloats(m * n, name + ".data"), null);
    }

    private static FastTextMatrix readQuantized(ModelReader in, boolean foldNorm, String name) {
        int at = in.position();
        boolean qnorm = in.readBool(name + ".qnorm");
        long m = in.readLong(name + ".rows");
        long n = in.readLong(name + ".cols");
        checkShape(m, n, name, at);
        int codeAt = in.position();
        int codesize = in.readInt(name + ".codesize");
        byte[] codes = in.readBytes(codesize, name + ".codes");
        Quantizer pq = Quantizer.read(in, name + ".pq");
        if (pq.dim != n) {
            throw new ModelFormatException(
                    name + ".pq.dim is " + pq.dim + " but the matrix has " + n + " columns", codeAt);
        }
        if ((long) codesize != m * pq.nsubq) {
            throw new ModelFormatException(
                    name + ".codesize is " + codesize + ", expected rows * nsubq = " + m * pq.nsubq, codeAt);
        }
        float[] norms = null;
        if (qnorm) {
            byte[] normCodes = in.readBytes(m, name + ".norm_codes");
            Quantizer npq = Quantizer.read(in, name + ".npq");
            norms = new float[(int) m];
            for (int i = 0; i < m; i++) norms[i] = npq.centroids[npq.centroidOffset(0, normCodes[i] & 0xff)];
        }
        int rows = (int) m, cols = (int) n;
        float[] data = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            float alpha = norms == null ? 1f : norms[i];
            for (int s = 0; s < pq.nsubq; s++) {
                int c = pq.centroidOffset(s, codes[i * pq.nsubq + s] & 0xff);
                int d = s == pq.nsubq - 1 ? pq.lastdsub : pq.dsub;
                for (int j = 0; j < d; j++) {
                    float v = pq.centroids[c + j];
                    data[i * cols + s * pq.dsub + j] = foldNorm ? alpha * v : v;
                }
            }
        }
        return new FastTextMatrix(rows, cols, data, foldNorm ? null : norms);
    }

    private static void checkShape(long m, long n, String name, int at) {
        if (m < 0 || n <= 0 || m * n > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(name + " has an impossible shape " + m + " x " + n, at);
        }
    }

    /** fastText's ProductQuantizer as saved: dim, nsubq, dsub, lastdsub, then dim * 256 floats. */
    private record Quantizer(int dim, int nsubq, int dsub, int lastdsub, float[] centroids) {
        static Quantizer read(ModelReader in, String name) {
            int at = in.position();
            int dim = in.readInt(name + ".dim");
            int nsubq = in.readInt(name + ".nsubq");
            int dsub = in.readInt(name + ".dsub");
            int lastdsub = in.readInt(name + ".lastdsub");
            if (dim <= 0 || dsub <= 0 || nsubq <= 0 || lastdsub <= 0 || (long) (nsubq - 1) * dsub + lastdsub != dim) {
                throw new ModelFormatException(
                        name + " has inconsistent shape dim=" + dim + " nsubq=" + nsubq + " dsub=" + dsub + " lastdsub="
                                + lastdsub,
                        at);
            }
            return new Quantizer(dim, nsubq, dsub, lastdsub, in.readFloats((long) dim * KSUB, name + ".centroids"));
        }

        /** Offset of centroid {@code code} of sub-quantizer {@code s}; the last one is narrower. */
        int centroidOffset(int s, int code) {
            return s == nsubq - 1 ? s * KSUB * dsub + code * lastdsub : (s * KSUB + code) * dsub;
        }
    }
}
