package io.pgkeeper.objectstore;

import io.pgkeeper.util.FileOwner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Reads a credentials file in the AWS shared-credentials format, with the SDK's own parser (the
 * format's reference), and refuses one that its group or other users can read, as ssh does for
 * its keys and pgkeeper for an age identity file: the file holds a secret key, and a group (often
 * {@code postgres}, shared with other services' accounts) is more users than the one that needs it.
 */
final class CredentialsFile {
    private CredentialsFile() {}

    static S3Credentials read(Path path, String profileName) {
        Profile profile = load(path).profile(profileName).orElseThrow(() -> problem(path, "has no profile [" + profileName + "]",
                "add a [" + profileName + "] section with aws_access_key_id and aws_secret_access_key, or set s3.credentialsProfile"));
        Map<String, String> p = profile.properties();
        String key = p.get("aws_access_key_id");
        String secret = p.get("aws_secret_access_key");
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw problem(path, "profile [" + profileName + "] lacks aws_access_key_id or aws_secret_access_key",
                    "write both keys in that section");
        }
        return new S3Credentials(key.strip(), secret.strip(), Optional.ofNullable(p.get("aws_session_token")).map(String::strip));
    }

    private static ProfileFile load(Path path) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ)) {
                throw problem(path, "has mode " + FileOwner.octal(mode) + ": it can be read by "
                        + (mode.contains(PosixFilePermission.OTHERS_READ) ? "every user on this host" : "its group")
                        + ", and it holds a secret key", "chmod 600 " + path + " (as the user that owns it: the user that runs pgkeeper,"
                        + " or the server's OS user when archive_command uses it)");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return ProfileFile.builder().content(in).type(ProfileFile.Type.CREDENTIALS).build();
            }
        } catch (IOException e) {
            throw new ObjectStoreException(StoreFailure.CONFIGURATION, "cannot read the S3 credentials file " + path + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    "check s3.credentialsFile and that this user may read it", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The SDK's parser names the line, never a value; keep its text but not its stack.
            throw problem(path, "is not in the AWS credentials format: " + e.getMessage(), "see docs/storage.md for the format");
        }
    }

    private static ObjectStoreException problem(Path path, String what, String hint) {
        return new ObjectStoreException(StoreFailure.CONFIGURATION, "the S3 credentials file " + path + " " + what, hint, null);
    }
}
