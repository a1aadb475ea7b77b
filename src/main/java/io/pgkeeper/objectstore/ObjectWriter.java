package io.pgkeeper.objectstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming upload whose size is known only at the end (pg_dump's stdout, an encrypted
 * stream). Bytes fill one part buffer at a time; a full part is sent as a multipart part with
 * its CRC32C in {@code x-amz-checksum-crc32c}, so the store refuses a part damaged on the way
 * (400 BadDigest) instead of storing it. Memory is that one buffer ({@link PartSizes}): nothing
 * is staged on disk. An object that fits in the first part is sent as a single PUT at commit.
 *
 * <p>The sha256 of every byte written is computed on the way, for the manifest. Nothing is
 * visible before {@link #commit}; {@link #close} without a commit aborts the upload, and a
 * killed process leaves an unfinished upload that {@link ObjectStore#abortUploads} removes.
 */
public final class ObjectWriter extends OutputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

    private final S3Requests requests;
    private final String key;
    private final boolean replace;
    private final long firstPart;
    private final MessageDigest sha256;
    private final Multipart multipart;
    private byte[] buffer;
    private int filled;
    private long size;
    private boolean finished;
    private boolean failed;

    ObjectWriter(S3Requests requests, String key, boolean replace, long firstPart) {
        this.requests = requests;
        this.key = key;
        this.replace = replace;
        this.firstPart = firstPart;
        this.sha256 = newSha256();
        this.multipart = new Multipart(requests, key);
        this.buffer = new byte[Math.toIntExact(firstPart)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("upload of " + requests.describe(key) + " is already " + (failed ? "abandoned" : "committed"));
        }
        while (len > 0) {
            if (filled == buffer.length) {
                nextPart();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            sha256.update(b, off, n);
            filled += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /**
     * Sends what is buffered and completes the upload: the object now exists whole.
     *
     * @return the result, or null when {@code replace} was false and another writer's object
     *     already had the key (nothing of this upload remains)
     */
    public PutResult commit() {
        if (finished) {
            throw new IllegalStateException("upload of " + requests.describe(key) + " already finished");
        }
        try {
            String digest = HexFormat.of().formatHex(sha256.digest());
            if (!multipart.started()) {
                String etag = requests.putSingle(key, buffer, filled, replace);
                finished = true;
                return etag == null ? null : new PutResult(key, size, digest, 1, etag);
            }
            send();
            String etag = multipart.complete(replace);
            finished = true;
            return etag == null ? null : new PutResult(key, size, digest, multipart.parts(), etag);
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** Aborts an uncommitted upload; a committed one stays. Never throws. */
    @Override
    public void close() {
        if (!finished) {
            abandon();
        }
    }

    /** The buffer is full and more bytes come: send it as a part and make room for the next. */
    private void nextPart() {
        if (multipart.parts() + 1 >= PartSizes.MAX_PARTS) {
            abandon();
            throw new ObjectStoreException(StoreFailure.REJECTED, requests.describe(key) + " needs more than " + PartSizes.MAX_PARTS
                    + " parts (it is larger than " + (PartSizes.capacity(firstPart) >> 30) + " GiB)", "raise s3.partSize", null);
        }
        send();
        long next = PartSizes.size(firstPart, multipart.parts() + 1);
        if (next != buffer.length) {
            buffer = new byte[Math.toIntExact(next)];
        }
    }

    private void send() {
        try {
            multipart.send(buffer, filled);
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
        filled = 0;
    }

    private void abandon() {
        finished = true;
        failed = true;
        buffer = new byte[0];
        if (multipart.started()) {
            try {
                multipart.abort();
            } catch (RuntimeException e) {
                // The upload is already failing; a leftover upload holds no visible object and
                // ObjectStore.abortUploads (or a bucket lifecycle rule) removes it later.
                LOG.warn("could not abort the unfinished upload of {}: {}", requests.describe(key), e.getMessage());
            }
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A view of a buffer for the HTTP client, readable again for a retry. */
    static ByteArrayInputStream view(byte[] b, int len) {
        return new ByteArrayInputStream(b, 0, len);
    }
}
