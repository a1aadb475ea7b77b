package io.pgkeeper.objectstore;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The upload requests, each one attempt-safe (its body can be sent again) and run through the
 * {@link Retrier}: single PUTs and the steps of a multipart upload, with the checksum, storage
 * class and server-side encryption of the settings on every one that stores bytes.
 */
final class S3Requests {
    private static final String OCTETS = "application/octet-stream";

    private final S3Client client;
    private final S3Settings settings;
    private final Retrier retrier;

    S3Requests(S3Client client, S3Settings settings, Retrier retrier) {
        this.client = client;
        this.settings = settings;
        this.retrier = retrier;
    }

    S3Client client() {
        return client;
    }

    Retrier retrier() {
        return retrier;
    }

    String describe(String key) {
        return settings.describe(key);
    }

    String full(String key) {
        return StoreKeys.join(settings.prefix(), key);
    }

    /** @return the entity tag, or null when {@code !replace} and the key existed (412) */
    String putSingle(String key, byte[] b, int len, boolean replace) {
        return putSingle(key, b, len, replace, null);
    }

    /**
     * @param ifMatch when not null, the write happens only while the object's entity tag is this
     *     one ({@code If-Match}): a read-modify-write that loses to another writer gets null
     */
    String putSingle(String key, byte[] b, int len, boolean replace, String ifMatch) {
        String crc = crc32c(b, len);
        PutObjectRequest.Builder r = PutObjectRequest.builder().bucket(settings.bucket()).key(full(key)).contentLength((long) len)
                .contentType(OCTETS).checksumCRC32C(crc);
        settings.storageClass().ifPresent(r::storageClass);
        settings.serverSideEncryption().ifPresent(sse -> {
            r.serverSideEncryption(sse.algorithm());
            sse.kmsKeyId().ifPresent(r::ssekmsKeyId);
        });
        if (!replace) {
            r.ifNoneMatch("*");
        }
        if (ifMatch != null) {
            r.ifMatch("\"" + ifMatch + "\"");
        }
        PutObjectRequest request = r.build();
        return retrier.call("storing " + describe(key), () -> conditional(() ->
                client.putObject(request, RequestBody.fromContentProvider(() -> ObjectWriter.view(b, len), len, OCTETS)).eTag()));
    }

    String createMultipart(String key) {
        CreateMultipartUploadRequest.Builder r = CreateMultipartUploadRequest.builder().bucket(settings.bucket()).key(full(key))
                .contentType(OCTETS).checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        settings.storageClass().ifPresent(r::storageClass);
        settings.serverSideEncryption().ifPresent(sse -> {
            r.serverSideEncryption(sse.algorithm());
            sse.kmsKeyId().ifPresent(r::ssekmsKeyId);
        });
        CreateMultipartUploadRequest request = r.build();
        return retrier.call("starting the upload of " + describe(key), () -> client.createMultipartUpload(request).uploadId());
    }

    CompletedPart uploadPart(String key, String uploadId, int number, byte[] b, int len) {
        String crc = crc32c(b, len);
        String etag = retrier.call("uploading part " + number + " of " + describe(key), () -> client.uploadPart(p -> p
                .bucket(settings.bucket()).key(full(key)).uploadId(uploadId).partNumber(number).contentLength((long) len)
                .checksumCRC32C(crc), RequestBody.fromContentProvider(() -> ObjectWriter.view(b, len), len, OCTETS)).eTag());
        return CompletedPart.builder().partNumber(number).eTag(etag).checksumCRC32C(crc).build();
    }

    /** @return the entity tag, or null when {@code !replace} and the key existed (412) */
    String complete(String key, String uploadId, List<CompletedPart> parts, boolean replace) {
        return retrier.call("completing the upload of " + describe(key), () -> conditional(() -> client.completeMultipartUpload(c -> {
            c.bucket(settings.bucket()).key(full(key)).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
            if (!replace) {
                c.ifNoneMatch("*");
            }
        }).eTag()));
    }

    void abort(String key, String uploadId) {
        retrier.call("aborting the upload of " + describe(key), () -> client.abortMultipartUpload(a -> a.bucket(settings.bucket())
                .key(full(key)).uploadId(uploadId)));
    }

    /** 412 Precondition Failed on a conditional write: another object has the key; that is an answer, not a failure. */
    private static String conditional(Retrier.Attempt<String> write) throws Exception {
        try {
            return write.run();
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return null;
            }
            throw e;
        }
    }

    /** S3's CRC32C checksum header: the big-endian CRC, base64. */
    static String crc32c(byte[] b, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, len);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
