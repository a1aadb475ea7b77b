package io.pgkeeper.objectstore;

/** How the bucket appears in request URLs. */
public enum UriStyle {
    /** {@code https://endpoint/bucket/key}: MinIO, Ceph RGW and most self-hosted stores. */
    PATH,
    /** {@code https://bucket.endpoint/key}: AWS's default (virtual-hosted style). */
    HOST
}
