package dev.tagline.policy.cli;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyDirectory;
import dev.tagline.policy.PolicyFile;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.PolicySet;
import dev.tagline.policy.release.DigestForks;
import dev.tagline.policy.release.ImageSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.TaglineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tagline policy check FILE|DIR...}: reads every policy file with the services' own parser and
 * prints each problem as {@code file:line: section: problem}; a directory is also checked as a whole
 * (one policy per repository, one pruning policy per image), as the services load it.
 */
@Command(name = "check",
        description = {"Validate policy files (a file, or a directory as the services read it: *.yml, *.yaml, *.json).",
                "Prints one line per problem: file:line: section: problem.",
                "Warns (exit 0) about settings that give one commit several digests.",
                "--output json prints {files: [...], problems: [{file, line, section, problem, message}], warnings: [...]}."},
        exitCodeList = {"0:every file is valid", "1:problems were found", "2:usage (e.g. no such file)"})
public final class CheckCommand extends TaglineCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Policy files or policy directories.")
    List<Path> paths;

    @CommandLine.Option(names = {"-q", "--quiet"}, description = "Print only the problems.")
    boolean quiet;

    @Mixin
    OutputOptions output;

    /** One file's result, for {@code --output json}. */
    record FileResult(String file, boolean valid, String uses) {
    }

    /** A valid setting with a cost: it gives one commit several digests. */
    record Warning(String file, String message) {
    }

    /** One problem, for {@code --output json}. */
    record Problem(String file, int line, String section, String problem, String message) {
        static Problem of(InvalidPolicyException e) {
            return new Problem(e.file(), e.line(), e.subject(), e.problem(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + p);
            }
        }
        List<FileResult> results = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        for (Path p : paths) {
            List<Path> policyFiles = Files.isDirectory(p) ? PolicyDirectory.files(p) : List.of(p);
            List<PolicyFile> good = new ArrayList<>();
            for (Path f : policyFiles) {
                try {
                    PolicyFile file = PolicyParser.parseFile(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
                    good.add(file);
                    results.add(new FileResult(f.toString(), true, uses(file)));
                    file.release().ifPresent(r -> DigestForks.of(r).forEach(w -> warnings.add(new Warning(f.toString(), w))));
                } catch (InvalidPolicyException e) {
                    problems.add(Problem.of(e));
                    results.add(new FileResult(f.toString(), false, null));
                } catch (IOException e) {
                    problems.add(new Problem(f.toString(), 0, null, "cannot read: " + e.getMessage(), f + ": cannot read: " + e.getMessage()));
                    results.add(new FileResult(f.toString(), false, null));
                }
            }
            if (Files.isDirectory(p) && good.size() == policyFiles.size()) {
                try {
                    PolicySet.of(good);
                } catch (InvalidPolicyException e) {
                    problems.add(Problem.of(e));
                }
            }
        }
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("files", results);
            json.put("problems", problems);
            json.put("warnings", warnings);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } else {
            printText(out, results, problems, warnings);
        }
        out.flush();
        return problems.isEmpty() ? 0 : 1;
    }

    private void printText(PrintWriter out, List<FileResult> results, List<Problem> problems, List<Warning> warnings) {
        if (!quiet) {
            results.stream().filter(FileResult::valid).forEach(r -> out.println("ok   " + r.file() + ": " + r.uses()));
        }
        problems.forEach(p -> out.println(p.message()));
        warnings.forEach(w -> out.println("warn " + w.file() + ": " + w.message()));
        if (!quiet) {
            out.println(results.size() + " policy file(s), " + (problems.isEmpty() ? "no problems" : problems.size() + " problem(s)"));
        }
    }

    /** Which service does what with a file. */
    static String uses(PolicyFile f) {
        List<String> parts = new ArrayList<>();
        f.release().ifPresent(r -> parts.add("tag-planner plans " + r.repository() + " (" + r.variants().size() + " variant(s), "
                + r.tags().size() + " tag rule(s)" + (r.components().isEmpty() ? ""
                : ", components " + String.join(", ", r.components().stream().map(c -> c.name()).toList())) + ")"));
        List<String> images = f.images().stream().map(ImageSpec::name).toList();
        if (f.ecrLifecyclePolicy().isPresent()) {
            parts.add("registry-pruner prunes " + images + " with an ECR lifecycle policy");
        } else if (f.retention().isPresent()) {
            parts.add("registry-pruner prunes " + images);
        }
        return parts.isEmpty() ? "valid, but no service uses it (no repository, no retention)" : String.join("; ", parts);
    }
}
