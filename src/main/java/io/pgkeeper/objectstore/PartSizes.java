package io.pgkeeper.objectstore;

/**
 * The part sizes of a multipart upload whose total size is unknown when it starts. S3 allows
 * 10,000 parts of at least 5 MiB (but the last). Fixed 8 MiB parts would cap an object at 78 GiB,
 * so the size doubles every 1,000 parts, three times: with 8 MiB first parts an object may reach
 * 492 GiB, and memory holds one part of at most 8 times the first size (64 MiB).
 */
public final class PartSizes {
    public static final long MIN_PART = 5L << 20;
    public static final int MAX_PARTS = 10_000;
    static final int PARTS_PER_STEP = 1000;
    static final int STEPS = 3;

    private PartSizes() {}

    /** The size of part {@code n} (1-based). */
    public static long size(long first, int n) {
        if (n < 1 || n > MAX_PARTS) {
            throw new IllegalArgumentException("part number must be 1.." + MAX_PARTS + " (got " + n + ")");
        }
        return first << Math.min(STEPS, (n - 1) / PARTS_PER_STEP);
    }

    /** The largest object an upload with these parts can hold. */
    public static long capacity(long first) {
        long total = 0;
        for (int step = 0; step <= STEPS; step++) {
            int parts = step < STEPS ? PARTS_PER_STEP : MAX_PARTS - STEPS * PARTS_PER_STEP;
            total += (first << step) * parts;
        }
        return total;
    }

    /** The largest part, hence the memory one upload holds. */
    public static long largest(long first) {
        return first << STEPS;
    }
}
