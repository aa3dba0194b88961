package dev.tagline.planner.policy;

/**
 * A release policy that cannot be used. The message names the file, the line (when known), the
 * rule or key, and what is wrong: {@code shop.yml:12: tag rule 'type=semver': missing pattern attribute}.
 */
public class InvalidPolicyException extends RuntimeException {
    private final String file;
    private final int line;
    private final String subject;
    private final String problem;

    public InvalidPolicyException(String file, int line, String subject, String problem) {
        super(format(file, line, subject, problem));
        this.file = file;
        this.line = line;
        this.subject = subject;
        this.problem = problem;
    }

    /** Without a place yet: {@link PolicyParser} adds file and line with {@link #at}. */
    public InvalidPolicyException(String subject, String problem) {
        this(null, 0, subject, problem);
    }

    public InvalidPolicyException at(String file, int line) {
        return new InvalidPolicyException(file, line, subject, problem);
    }

    private static String format(String file, int line, String subject, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (subject != null && !subject.isEmpty()) {
            sb.append(subject).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** The policy file, or null when the text did not come from a file. */
    public String file() {
        return file;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The rule or key at fault, e.g. {@code tag rule 'type=semver'}. */
    public String subject() {
        return subject;
    }

    public String problem() {
        return problem;
    }
}
