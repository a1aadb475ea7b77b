package io.pgkeeper.policy;

/**
 * The top of the policy file. The declaration of every key starts here: {@link #SECTION} holds
 * the top-level keys, and each block key holds the section of its own keys, down to the leaves.
 *
 * <p>Adding a key: declare it in its section's {@code *Keys} class (type, default or what
 * leaving it out means, description) and list it in the section; read it in the binder with
 * {@code value}/{@code optional}/{@code child}; show it in config/pgkeeper.example.yaml
 * (ExamplePolicyTest) and run scripts/policy-docs (PolicyReferenceTest). A new mapping is a new
 * {@link Section} held by a block key.
 */
final class PolicyKeys {
    static final Key<Integer> VERSION = Key.value("version", ValueTypes.wholeNumber(Integer.MIN_VALUE, Integer.MAX_VALUE),
            "The policy format version: must be `1`.").required();
    static final Key<Void> REPOSITORY = Key.block("repository", RepositoryKeys.SECTION,
            "Where backups are stored.").required();
    static final Key<Void> CLUSTERS = Key.entries("clusters", "<name>", ClusterKeys.SECTION,
            "The PostgreSQL clusters pgkeeper backs up, at least one, each under a name of 1 to 63 characters:"
            + " letters, digits, `_`, `.` and `-`, not starting with `.` or `-` (pattern `[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}`)."
            + " The name is what `--cluster` takes, and it names the cluster's folder in the repository.").required();
    static final Key<Void> NOTIFY = Key.block("notify", OpsKeys.NOTIFY_KEYS,
            "Who hears about runs.").unset("no notifiers");
    static final Key<Void> METRICS = Key.block("metrics", OpsKeys.METRICS_KEYS,
            "The Prometheus textfile pgkeeper writes after each run.").unset("no metrics file");

    static final Section SECTION = Section.of("", VERSION, REPOSITORY, CLUSTERS, NOTIFY, METRICS);

    private PolicyKeys() {}
}
