package dev.tagline.listener.schedule;

/** A cron expression that does not parse; the message names the field and the rule. */
public final class InvalidCronException extends IllegalArgumentException {
    public InvalidCronException(String expression, String problem) {
        super("invalid cron \"" + expression + "\": " + problem);
    }
}
