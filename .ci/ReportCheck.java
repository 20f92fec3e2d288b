import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads every Surefire and Failsafe report under a directory and fails unless at least one test ran,
 * none failed or errored, and every skipped test is on the allow-list.
 *
 * <p>Usage: {@code java .ci/ReportCheck.java <root> <allowed-skips file>}. The allow-list holds one
 * {@code fully.qualified.Class#method} per line, optionally followed by a reason; lines starting with
 * {@code #} are comments. Exit status 0 when all is well,
 * 1 otherwise. The last line is {@code tests: N passed, N failed, N skipped}.
 */
public final class ReportCheck {

    private record Outcome(String test, String kind, String detail) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Set<String> allowedSkips = allowList(args.length > 1 ? Path.of(args[1]) : null);
        List<Path> reports = reports(root);
        int passed = 0;
        List<Outcome> failed = new ArrayList<>();
        List<Outcome> skipped = new ArrayList<>();
        for (Path report : reports) {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                    .getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                String test = testCase.getAttribute("classname") + "#" + testCase.getAttribute("name");
                Outcome problem = problem(test, testCase);
                if (problem == null) {
                    passed++;
                } else if (problem.kind().equals("skipped")) {
                    skipped.add(problem);
                } else {
                    failed.add(problem);
                }
            }
        }
        System.out.println("reports: " + reports.size() + " files under " + root.toAbsolutePath().normalize());
        boolean ok = true;
        for (Outcome outcome : failed) {
            System.out.println("  " + outcome.kind().toUpperCase() + " " + outcome.test() + ": " + outcome.detail());
            ok = false;
        }
        for (Outcome outcome : skipped) {
            boolean allowed = allowedSkips.contains(outcome.test());
            System.out.println("  SKIPPED " + outcome.test() + (allowed ? " (allowed)" : " (NOT on .ci/allowed-skips.txt)")
                    + (outcome.detail().isEmpty() ? "" : ": " + outcome.detail()));
            ok &= allowed;
        }
        int total = passed + failed.size() + skipped.size();
        if (total == 0) {
            System.out.println("  NO TEST RAN: no test case in any surefire/failsafe report");
            ok = false;
        }
        System.out.println(ok ? "report check: OK" : "report check: FAILED");
        System.out.println("tests: " + passed + " passed, " + failed.size() + " failed, " + skipped.size() + " skipped");
        System.exit(ok ? 0 : 1);
    }

    private static Outcome problem(String test, Element testCase) {
        for (String kind : new String[] {"failure", "error", "skipped"}) {
            NodeList found = testCase.getElementsByTagName(kind);
            if (found.getLength() > 0) {
                Element element = (Element) found.item(0);
                String detail = element.getAttribute("message");
                if (detail.isEmpty()) {
                    detail = element.getAttribute("type");
                }
                return new Outcome(test, kind, detail.lines().findFirst().orElse(""));
            }
        }
        return null;
    }

    private static List<Path> reports(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root, 8)) {
            return files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .filter(p -> p.getParent().getFileName().toString().matches("(surefire|failsafe)-reports"))
                    .filter(p -> p.getParent().getParent().getFileName().toString().equals("target"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static Set<String> allowList(Path file) throws IOException {
        Set<String> allowed = new TreeSet<>();
        if (file != null && Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    allowed.add(entry.split("\\s+", 2)[0]);
                }
            }
        }
        return allowed;
    }
}
