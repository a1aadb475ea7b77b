package io.pgkeeper.policy;

import io.pgkeeper.error.PgKeeperException;
import io.pgkeeper.error.PolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a policy file into a validated {@link Policy}. Every problem carries the file, line and
 * column it is about ({@code policy.yaml:14:5: ...}); all of them are reported at once.
 */
public final class PolicyLoader {

    /** What reading one file gave: a policy exactly when there are no problems. */
    private record Outcome(Optional<Policy> policy, List<String> problems) {}

    public PolicyLoader() {}

    /**
     * @param env the environment for {@code ${VAR}} interpolation: the process's, handed down by the composition root
     * @throws PolicyException (exit code 2) listing every problem, when the policy is invalid
     * @throws PgKeeperException a usage error when the file cannot be read
     */
    public Policy load(Path file, Map<String, String> env) {
        Outcome outcome = read(file, env);
        return outcome.policy().orElseThrow(() -> new PolicyException(outcome.problems()));
    }

    /**
     * Every problem with the policy, in file order; empty when it is valid. For
     * {@code pgkeeper policy validate}.
     *
     * @throws PgKeeperException a usage error when the file cannot be read
     */
    public List<String> problems(Path file, Map<String, String> env) {
        return read(file, env).problems();
    }

    private Outcome read(Path file, Map<String, String> env) {
        byte[] bytes = readBytes(file);
        Problems problems = new Problems(file.toString());
        Optional<Policy> policy = PolicyYaml.parse(bytes, problems).flatMap(root -> {
            Path baseDir = file.toAbsolutePath().normalize().getParent();
            ScalarReader values = new ScalarReader(problems, new EnvInterpolator(env), baseDir);
            return new PolicyBinder(values, file).bind(root);
        });
        if (!problems.isEmpty()) {
            return new Outcome(Optional.empty(), problems.list());
        }
        return new Outcome(policy, List.of());
    }

    /** Reads at most one byte past the limit, so a huge file or a device cannot exhaust memory. */
    private static byte[] readBytes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PolicyYaml.MAX_BYTES + 1);
        } catch (IOException e) {
            throw PgKeeperException.usage("cannot read policy file " + file + ": " + reason(e),
                    "check the path and its permissions, or pass --policy FILE");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
