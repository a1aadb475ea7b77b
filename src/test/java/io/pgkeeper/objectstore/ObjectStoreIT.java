package io.pgkeeper.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgkeeper.error.ExitCode;
import io.pgkeeper.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The object-store layer against a real S3 server (S3Proxy over TLS with SigV4). */
class ObjectStoreIT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    private static final long PART = PartSizes.MIN_PART;

    private ObjectStore store(String prefix) {
        return S3ObjectStore.connect(S3.settings(prefix).withPartSize(PART), S3.environment(), Clock.systemUTC());
    }

    private static String prefix() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void smallObjectsRoundTripAndListByPrefix() throws IOException {
        String p = prefix();
        try (ObjectStore store = store(p)) {
            assertTrue(store.put("a/one", "first".getBytes(StandardCharsets.UTF_8), true));
            assertTrue(store.put("a/two", "second".getBytes(StandardCharsets.UTF_8), true));
            assertTrue(store.put("b/three", new byte[0], true));
            try (InputStream in = store.open("a/two")) {
                assertEquals("second", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            ObjectInfo head = store.head("a/one").orElseThrow();
            assertEquals(5, head.size());
            assertEquals(Optional.empty(), store.head("a/none"));
            assertEquals(List.of("a/", "b/"), store.list("", "").stream().map(ObjectInfo::key).toList());
            assertEquals(List.of("a/one", "a/two"), store.list("a/", "").stream().map(ObjectInfo::key).toList());
            assertEquals(List.of("a/two"), store.list("a/", "t").stream().map(ObjectInfo::key).toList());
            assertEquals(List.of("a/one", "a/two", "b/three"), store.walk("").stream().map(ObjectInfo::key).toList());
            // the prefix is a real key prefix in the bucket
            assertTrue(Files.isRegularFile(S3.bucketDir().resolve(p).resolve("a/one")) || Files.exists(S3.bucketDir().resolve(p)));
            assertTrue(store.delete("a/one"));
            assertFalse(store.delete("a/one"));
            assertEquals(2, store.deleteAll(""));
            assertEquals(List.of(), store.walk(""));
        }
    }

    @Test
    void streamingUploadOfUnknownSizeGoesInPartsWithChecksumsAndReadsBackExactly() throws IOException {
        String p = prefix();
        long size = 4 * PART + 12345; // five parts, the last a short one
        try (ObjectStore store = store(p)) {
            PutResult result;
            try (ObjectWriter w = store.create("big", true); InputStream in = new PatternStream(size, 7)) {
                in.transferTo(w);
                result = w.commit();
            }
            assertEquals(5, result.parts());
            assertEquals(size, result.size());
            assertEquals(PatternStream.sha256(size, 7), result.sha256());
            assertEquals(size, store.head("big").orElseThrow().size());
            try (InputStream in = store.open("big")) {
                assertEquals(result.sha256(), PatternStream.sha256Of(in));
            }
            assertEquals(List.of(), store.abortUploads(""), "a completed upload leaves nothing unfinished");
        }
    }

    @Test
    void anUploadThatIsNotCommittedLeavesNothing() throws IOException {
        String p = prefix();
        try (ObjectStore store = store(p)) {
            try (ObjectWriter w = store.create("half", true); InputStream in = new PatternStream(2 * PART + 1, 3)) {
                in.transferTo(w); // two parts sent, the third buffered: then closed without commit
            }
            assertEquals(Optional.empty(), store.head("half"));
            assertEquals(List.of(), store.abortUploads(""), "close() aborted the multipart upload");
        }
    }

    @Test
    void aConditionalWriteDoesNotReplaceAnExistingObject() throws IOException {
        try (ObjectStore store = store(prefix())) {
            assertTrue(store.put("once", "winner".getBytes(StandardCharsets.UTF_8), false));
            assertFalse(store.put("once", "loser".getBytes(StandardCharsets.UTF_8), false));
            try (ObjectWriter w = store.create("once", false); InputStream in = new PatternStream(PART + 10, 1)) {
                in.transferTo(w);
                assertNull(w.commit(), "a multipart upload completes conditionally too");
            }
            try (InputStream in = store.open("once")) {
                assertEquals("winner", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void anAbsentObjectIsTheOnlyExitOneForArchiveGet() {
        try (ObjectStore store = store(prefix())) {
            ObjectStoreException absent = assertThrows(ObjectStoreException.class, () -> store.open("no/such/key"));
            assertEquals(StoreFailure.ABSENT, absent.failure());
            assertEquals(ExitCode.FAILED, StoreExitCodes.apply(StoreExitCodes.Command.ARCHIVE_GET, absent).exitCode());
        }
        S3Settings s = S3.settings(prefix());
        S3Settings noBucket = new S3Settings(s.endpoint(), s.region(), "no-such-bucket", s.prefix(), s.uriStyle(), s.caFile(),
                s.credentials(), Optional.empty(), Optional.empty(), PART, s.timeouts(), s.retries());
        try (ObjectStore store = S3ObjectStore.connect(noBucket, S3.environment(), Clock.systemUTC())) {
            ObjectStoreException missingBucket = assertThrows(ObjectStoreException.class, () -> store.open("k"));
            assertEquals(StoreFailure.REJECTED, missingBucket.failure(), missingBucket.getMessage());
            assertEquals(ExitCode.RECOVERY_MUST_STOP, StoreExitCodes.apply(StoreExitCodes.Command.ARCHIVE_GET, missingBucket).exitCode());
            ObjectStoreException headBucket = assertThrows(ObjectStoreException.class, () -> store.head("k"));
            assertFalse(headBucket.failure() == StoreFailure.ABSENT, "HEAD's bare 404 of a missing bucket is not 'absent'");
        }
        Map<String, String> wrong = Map.of(S3Server.KEY_ENV, S3.accessKey(), S3Server.SECRET_ENV, "not-the-secret");
        try (ObjectStore store = S3ObjectStore.connect(S3.settings(prefix()), wrong, Clock.systemUTC())) {
            ObjectStoreException denied = assertThrows(ObjectStoreException.class, () -> store.open("k"));
            assertEquals(StoreFailure.DENIED, denied.failure(), denied.getMessage());
            assertFalse(denied.getMessage().contains("not-the-secret"));
            assertEquals(ExitCode.RECOVERY_MUST_STOP, StoreExitCodes.apply(StoreExitCodes.Command.ARCHIVE_GET, denied).exitCode());
        }
    }

    @Test
    void tlsIsCheckedAgainstTheCaFileOnlyAndACertificateProblemIsNotRetried() throws IOException {
        S3Settings s = S3.settings(prefix()).withRetries(new RetryBounds(5, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMinutes(1)), Timeouts.DEFAULT);
        S3Settings jdkTrust = new S3Settings(s.endpoint(), s.region(), s.bucket(), s.prefix(), s.uriStyle(), Optional.empty(),
                s.credentials(), Optional.empty(), Optional.empty(), PART, s.timeouts(), s.retries());
        Path otherCa = Files.createTempFile("other-ca", ".pem");
        io.pgkeeper.testing.TestCa.create("some other CA").writePem(otherCa);
        S3Settings wrongCa = new S3Settings(s.endpoint(), s.region(), s.bucket(), s.prefix(), s.uriStyle(), Optional.of(otherCa),
                s.credentials(), Optional.empty(), Optional.empty(), PART, s.timeouts(), s.retries());
        for (S3Settings settings : List.of(jdkTrust, wrongCa)) {
            long start = System.nanoTime();
            try (ObjectStore store = S3ObjectStore.connect(settings, S3.environment(), Clock.systemUTC())) {
                ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> store.head("k"));
                assertEquals(StoreFailure.CONFIGURATION, e.failure(), e.getMessage());
                assertTrue(e.hint().orElseThrow().contains("s3.caFile"));
            }
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "no retry waited 5 s");
        }
        Files.delete(otherCa);
    }

    @Test
    void theStoreRefusesAPartDamagedAfterItsChecksumWasComputed() throws IOException {
        String p = prefix();
        S3Settings s = S3.settings(p).withPartSize(PART);
        try (S3ObjectStore store = new S3ObjectStore(s, S3Clients.create(s, S3.environment(), List.of(new DamagingInterceptor(2))),
                Retrier.of(s.retries(), Clock.systemUTC(), new S3Failures(s.endpoint())))) {
            ObjectWriter w = store.create("damaged", true);
            ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> {
                try (InputStream in = new PatternStream(3 * PART, 5)) {
                    in.transferTo(w);
                    w.commit();
                }
            });
            assertEquals(StoreFailure.INTEGRITY, e.failure(), e.getMessage());
            assertTrue(e.getMessage().contains("part 2"), e.getMessage());
            assertEquals(Optional.empty(), store.head("damaged"));
            assertEquals(List.of(), store.abortUploads(""), "the failed upload was aborted");
        }
    }

    @Test
    void credentialsComeFromAFileOnlyWhenNeitherItsGroupNorOthersCanReadIt() throws IOException {
        Path file = Files.createTempFile("s3-credentials", "");
        Files.writeString(file, "[backup]\naws_access_key_id = " + S3.accessKey() + "\naws_secret_access_key = " + S3.secretKey() + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        S3Settings s = S3.settings(prefix());
        S3Settings fromFile = new S3Settings(s.endpoint(), s.region(), s.bucket(), s.prefix(), s.uriStyle(), s.caFile(),
                new CredentialSource.File(file, "backup"), Optional.empty(), Optional.empty(), PART, s.timeouts(), s.retries());
        try (ObjectStore store = S3ObjectStore.connect(fromFile, Map.of(), Clock.systemUTC())) {
            assertTrue(store.put("k", new byte[] {1, 2, 3}, true));
            try (InputStream in = store.open("k")) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
        }
        for (String mode : List.of("rw-r-----", "rw-r--r--")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
            ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> S3ObjectStore.connect(fromFile, Map.of(), Clock.systemUTC()));
            assertEquals(StoreFailure.CONFIGURATION, e.failure());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertEquals("chmod 600 " + file, e.hint().orElseThrow().split(" \\(")[0]);
            assertFalse(e.getMessage().contains(S3.secretKey()));
        }
        Files.delete(file);
    }
}
