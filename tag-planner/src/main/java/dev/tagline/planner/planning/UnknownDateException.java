package dev.tagline.planner.planning;

/**
 * A template asked for a date ({@code {{date}}}, {@code {{commit_date}}}) of an event whose commit time is unknown: the
 * event is not planned ({@link TagPlanner#decide}) rather than dated by a guess.
 */
final class UnknownDateException extends RuntimeException {
    UnknownDateException(String helper) {
        super("{{" + helper + "}} needs the commit time, which the event does not carry", null, false, false);
    }
}
