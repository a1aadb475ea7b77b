package io.pgkeeper.objectstore;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} on an S3-compatible store through the AWS SDK for Java v2. */
public final class S3ObjectStore implements ObjectStore {
    private static final int DELETE_BATCH = 1000;

    private final S3Settings settings;
    private final S3Requests requests;
    private final S3Client client;
    private final Retrier retrier;

    S3ObjectStore(S3Settings settings, S3Client client, Retrier retrier) {
        this.settings = settings;
        this.client = client;
        this.retrier = retrier;
        this.requests = new S3Requests(client, settings, retrier);
    }

    /** A store for these settings; reads the credentials from {@code environment} (or their file) now. */
    public static S3ObjectStore connect(S3Settings settings, Map<String, String> environment, Clock clock) {
        S3Client client = S3Clients.create(settings, environment);
        return new S3ObjectStore(settings, client, Retrier.of(settings.retries(), clock, new S3Failures(settings.endpoint())));
    }

    @Override
    public String describe(String key) {
        return settings.describe(key);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse r = retrier.call("looking up " + describe(key),
                    () -> client.headObject(h -> h.bucket(settings.bucket()).key(requests.full(key))));
            return Optional.of(new ObjectInfo(key, false, r.contentLength(), r.lastModified(), unquote(r.eTag())));
        } catch (ObjectStoreException e) {
            if (e.failure() != StoreFailure.ABSENT) {
                throw e;
            }
            // HEAD has no body, so a missing bucket also answers a bare 404: ask the bucket.
            retrier.call("looking up bucket " + settings.bucket(), () -> client.headBucket(b -> b.bucket(settings.bucket())));
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key) {
        return ResumingInputStream.open(client, retrier, settings.bucket(), requests.full(key), describe(key));
    }

    @Override
    public List<ObjectInfo> list(String dir, String namePrefix) {
        if (!dir.isEmpty() && !dir.endsWith("/")) {
            throw new IllegalArgumentException("a directory key ends with '/': " + dir);
        }
        return listing(dir + namePrefix, true);
    }

    @Override
    public List<ObjectInfo> walk(String prefix) {
        return listing(prefix, false);
    }

    private List<ObjectInfo> listing(String keyPrefix, boolean delimited) {
        String full = StoreKeys.join(settings.prefix(), keyPrefix);
        List<ObjectInfo> out = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListObjectsV2Response r = retrier.call("listing " + describe(keyPrefix), () -> client.listObjectsV2(l -> {
                l.bucket(settings.bucket()).prefix(full).continuationToken(page);
                if (delimited) {
                    l.delimiter("/");
                }
            }));
            for (S3Object o : r.contents()) {
                out.add(new ObjectInfo(StoreKeys.relative(settings.prefix(), o.key()), false, o.size(), o.lastModified(), unquote(o.eTag())));
            }
            for (CommonPrefix p : r.commonPrefixes()) {
                out.add(ObjectInfo.prefix(StoreKeys.relative(settings.prefix(), p.prefix())));
            }
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    @Override
    public boolean put(String key, byte[] content, boolean replace) {
        return requests.putSingle(key, content, content.length, replace) != null;
    }

    @Override
    public boolean replaceIf(String key, byte[] content, String etag) {
        return requests.putSingle(key, content, content.length, true, etag) != null;
    }

    @Override
    public ObjectWriter create(String key, boolean replace) {
        return new ObjectWriter(requests, key, replace, settings.partSize());
    }

    @Override
    public boolean delete(String key) {
        if (head(key).isEmpty()) {
            return false;
        }
        retrier.call("deleting " + describe(key), () -> client.deleteObject(d -> d.bucket(settings.bucket()).key(requests.full(key))));
        return true;
    }

    @Override
    public int deleteAll(String prefix) {
        List<ObjectInfo> all = walk(prefix);
        for (int i = 0; i < all.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> batch = all.subList(i, Math.min(all.size(), i + DELETE_BATCH)).stream()
                    .map(o -> ObjectIdentifier.builder().key(requests.full(o.key())).build()).toList();
            DeleteObjectsResponse r = retrier.call("deleting " + batch.size() + " objects below " + describe(prefix),
                    () -> client.deleteObjects(d -> d.bucket(settings.bucket()).delete(Delete.builder().objects(batch).quiet(true).build())));
            if (!r.errors().isEmpty()) {
                throw new ObjectStoreException(StoreFailure.REJECTED, "the store did not delete " + r.errors().size() + " objects below "
                        + describe(prefix) + ", e.g. " + r.errors().get(0).key() + ": " + r.errors().get(0).code(),
                        "check that the credentials may delete objects", null);
            }
        }
        return all.size();
    }

    @Override
    public List<String> abortUploads(String prefix) {
        String full = StoreKeys.join(settings.prefix(), prefix);
        List<String> aborted = new ArrayList<>();
        ListMultipartUploadsResponse r;
        do {
            r = retrier.call("listing unfinished uploads below " + describe(prefix),
                    () -> client.listMultipartUploads(l -> l.bucket(settings.bucket()).prefix(full)));
            for (MultipartUpload u : r.uploads()) {
                String key = StoreKeys.relative(settings.prefix(), u.key());
                requests.abort(key, u.uploadId());
                aborted.add(key);
            }
        } while (Boolean.TRUE.equals(r.isTruncated()) && !r.uploads().isEmpty());
        return aborted;
    }

    @Override
    public void close() {
        client.close();
    }

    static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
