package io.pgkeeper.objectstore;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** The state of one multipart upload: started on the first full part, then its parts in order. */
final class Multipart {
    private final S3Requests requests;
    private final String key;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;

    Multipart(S3Requests requests, String key) {
        this.requests = requests;
        this.key = key;
    }

    boolean started() {
        return uploadId != null;
    }

    int parts() {
        return parts.size();
    }

    void send(byte[] buffer, int len) {
        if (uploadId == null) {
            uploadId = requests.createMultipart(key);
        }
        parts.add(requests.uploadPart(key, uploadId, parts.size() + 1, buffer, len));
    }

    String complete(boolean replace) {
        return requests.complete(key, uploadId, List.copyOf(parts), replace);
    }

    void abort() {
        requests.abort(key, uploadId);
    }
}
