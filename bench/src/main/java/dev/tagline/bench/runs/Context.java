package dev.tagline.bench.runs;

import dev.tagline.bench.infra.Stack;
import dev.tagline.bench.report.Report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every run gets: the stack, the scale, the report, and a place for figures later runs reuse. */
public final class Context {
    public final Stack stack;
    public final Options options;
    public final Report report;
    public final String classpath;
    /** RSS readings in MB, by "service/moment" (e.g. "tag-planner/idle"). */
    public final Map<String, Double> rss = new LinkedHashMap<>();

    public Context(Stack stack, Options options, Report report, String classpath) {
        this.stack = stack;
        this.options = options;
        this.report = report;
        this.classpath = classpath;
    }

    public Path work() {
        return stack.work();
    }

    public Path root() {
        return stack.root();
    }
}
