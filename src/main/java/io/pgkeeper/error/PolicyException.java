package io.pgkeeper.error;

import java.util.List;

/** The policy file is invalid; each problem already reads as {@code FILE:LINE:COLUMN: message}. */
public class PolicyException extends PgKeeperException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(ExitCode.USAGE, String.join(System.lineSeparator(), problems),
                "fix the policy and check it with 'pgkeeper policy validate'");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
