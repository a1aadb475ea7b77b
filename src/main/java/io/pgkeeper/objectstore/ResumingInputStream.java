package io.pgkeeper.objectstore;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's bytes, read as one stream even when the connection breaks part-way: the read goes
 * on with a ranged GET from the first missing byte, pinned to the same version by
 * {@code If-Match} on its entity tag, within the retry bounds. The first GET asks the store for
 * its stored checksum ({@code x-amz-checksum-mode: ENABLED}), which the SDK checks at the end
 * of a whole read where the store has one.
 *
 * <p>Failures come out as {@link ObjectStoreException} (unchecked), so that a reader several
 * streams above still learns whether the object was absent, the store unreachable or the bytes
 * damaged.
 */
final class ResumingInputStream extends InputStream {
    private final S3Client client;
    private final Retrier retrier;
    private final String bucket;
    private final String key;
    private final String described;
    private final String etag;
    private final long length;
    private ResponseInputStream<GetObjectResponse> body;
    private long position;
    private int resumes;

    private ResumingInputStream(S3Client client, Retrier retrier, String bucket, String key, String described,
            ResponseInputStream<GetObjectResponse> first) {
        this.client = client;
        this.retrier = retrier;
        this.bucket = bucket;
        this.key = key;
        this.described = described;
        this.body = first;
        this.etag = first.response().eTag();
        this.length = first.response().contentLength();
    }

    static InputStream open(S3Client client, Retrier retrier, String bucket, String key, String described) {
        ResponseInputStream<GetObjectResponse> first = retrier.call("reading " + described,
                () -> client.getObject(g -> g.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
        return new ResumingInputStream(client, retrier, bucket, key, described, first);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            try {
                int n = body.read(b, off, len);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && position >= length) {
                    return -1;
                }
                if (n < 0) {
                    resume(new IOException("the connection ended after " + position + " of " + length + " bytes"));
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof ObjectStoreException o) {
                    throw o;
                }
                if (position >= length) {
                    // Every byte arrived, so this is the SDK's check of the stored checksum failing.
                    throw new ObjectStoreException(StoreFailure.INTEGRITY, "reading " + described + ": " + e.getMessage(),
                            "the object is damaged in the store or on the way; read it again, then check the store", e);
                }
                resume(e);
            }
        }
    }

    private void resume(Exception cause) {
        closeQuietly();
        if (++resumes > 20) {
            throw new ObjectStoreException(StoreFailure.UNAVAILABLE, "reading " + described + " broke off " + resumes + " times; last: "
                    + cause.getMessage(), "check the network to the store", cause);
        }
        long from = position;
        body = retrier.call("reading " + described + " from byte " + from, () -> {
            ResponseInputStream<GetObjectResponse> r = client.getObject(g -> g.bucket(bucket).key(key).range("bytes=" + from + "-")
                    .ifMatch(etag));
            return r;
        });
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (position < length) {
            body.abort(); // a half-read body is dropped with its connection, not drained
            return;
        }
        try {
            body.close();
        } catch (IOException | RuntimeException e) {
            // Closing a broken response only releases its connection; the read itself goes on or fails on its own.
            body.abort();
        }
    }
}
