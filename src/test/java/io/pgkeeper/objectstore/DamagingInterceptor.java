package io.pgkeeper.objectstore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Flips one byte in the body of one multipart part after pgkeeper computed its checksum: a part
 * damaged on its way to the store (a bad NIC, a proxy, memory), which the store must refuse.
 */
final class DamagingInterceptor implements ExecutionInterceptor {
    private final int part;

    DamagingInterceptor(int part) {
        this.part = part;
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof UploadPartRequest r) || r.partNumber() != part || context.requestBody().isEmpty()) {
            return context.requestBody();
        }
        RequestBody body = context.requestBody().get();
        long length = body.optionalContentLength().orElseThrow();
        return Optional.of(RequestBody.fromContentProvider(() -> new Flip(body.contentStreamProvider().newStream(), length / 2),
                length, body.contentType()));
    }

    private static final class Flip extends FilterInputStream {
        private final long at;
        private long position;

        Flip(InputStream in, long at) {
            super(in);
            this.at = at;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && position++ == at) {
                b ^= 0x01;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && at >= position && at < position + n) {
                b[off + (int) (at - position)] ^= 0x01;
            }
            position += Math.max(n, 0);
            return n;
        }
    }
}
