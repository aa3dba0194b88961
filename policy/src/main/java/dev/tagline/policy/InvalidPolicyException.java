package dev.tagline.policy;

/**
 * A policy file that cannot be used. The message is {@code file:line: section: problem}, each part
 * present when known: {@code shop.yml:12: tag rule 'type=semver': missing pattern attribute},
 * {@code shop.yml:31: retention.keepLast: must be a whole number, got many}.
 */
public class InvalidPolicyException extends RuntimeException {
    private final String file;
    private final int line;
    private final String subject;
    private final String problem;

    public InvalidPolicyException(String file, int line, String subject, String problem) {
        this(file, line, subject, problem, null);
    }

    private InvalidPolicyException(String file, int line, String subject, String problem, Throwable cause) {
        super(format(file, line, subject, problem), cause);
        this.file = file;
        this.line = line;
        this.subject = subject;
        this.problem = problem;
    }

    /** Without a place yet: {@link PolicyParser} adds file and line with {@link #at}. */
    public InvalidPolicyException(String subject, String problem) {
        this(null, 0, subject, problem);
    }

    /** Only a problem, no place (e.g. a snapshot file that is not JSON). */
    public InvalidPolicyException(String problem) {
        this(null, 0, null, problem);
    }

    public InvalidPolicyException(String problem, Throwable cause) {
        this(null, 0, null, problem, cause);
    }

    /** This problem placed in a file and line; a place already known is kept. */
    public InvalidPolicyException at(String file, int line) {
        if (this.file != null) {
            return this;
        }
        return new InvalidPolicyException(file, this.line > 0 ? this.line : line, subject, problem, getCause());
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
