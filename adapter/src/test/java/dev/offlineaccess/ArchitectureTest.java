package dev.offlineaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package fences of the adapter, checked by reading the {@code import} lines of every main source file.
 *
 * <ul>
 *   <li>only {@code servlet} imports {@code jakarta.servlet}; only {@code jpa} imports {@code jakarta.persistence};</li>
 *   <li>{@code tokens} (background work, no request) imports neither {@code login}, {@code session},
 *       {@code servlet} nor {@code bearer};</li>
 *   <li>{@code config} imports no other package of the project;</li>
 *   <li>no Java EE era {@code javax.*} import. The JDK's own {@code javax} packages ({@code javax.crypto},
 *       {@code javax.net.ssl}, ...) are part of Java SE and allowed: a package counts as the JDK's when a module of
 *       the boot layer contains it.</li>
 * </ul>
 */
class ArchitectureTest {

    private static final String BASE = "dev.offlineaccess.";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");
    private static final Set<String> FORBIDDEN_IN_TOKENS = Set.of("login", "session", "servlet", "bearer");

    /** One import line of one source file. */
    record Import(Path file, int line, String sourcePackage, String imported) {
        /** The first segment below {@code dev.offlineaccess} of the importing file, e.g. {@code bearer}. */
        String feature() {
            return featureOf(sourcePackage).orElse("");
        }

        @Override
        public String toString() {
            return file + ":" + line + " (package " + sourcePackage + ") imports " + imported;
        }
    }

    /** A fence: its description, and what a violating import looks like. */
    record Rule(String description, Predicate<Import> violatedBy) {
    }

    static final Rule SERVLET_FENCE = new Rule("only package servlet may import jakarta.servlet",
            i -> startsWithPackage(i.imported(), "jakarta.servlet") && !i.feature().equals("servlet"));
    static final Rule PERSISTENCE_FENCE = new Rule("only package jpa may import jakarta.persistence",
            i -> startsWithPackage(i.imported(), "jakarta.persistence") && !i.feature().equals("jpa"));
    static final Rule TOKENS_WITHOUT_REQUEST = new Rule(
            "package tokens must not import login, session, servlet or bearer",
            i -> i.feature().equals("tokens")
                    && featureOf(i.imported()).filter(FORBIDDEN_IN_TOKENS::contains).isPresent());
    static final Rule CONFIG_IS_A_LEAF = new Rule("package config must not import any other package of the project",
            i -> i.feature().equals("config") && featureOf(i.imported()).filter(f -> !f.equals("config")).isPresent());
    static final Rule NO_JAVA_EE_JAVAX = new Rule(
            "no javax.* import outside the JDK's own javax packages (use jakarta.*)",
            i -> isForbiddenJavax(i.imported()));

    @Test
    void onlyServletImportsTheServletApi() {
        assertNoViolations(SERVLET_FENCE);
    }

    @Test
    void onlyJpaImportsThePersistenceApi() {
        assertNoViolations(PERSISTENCE_FENCE);
    }

    @Test
    void tokensDependsOnNoRequestBoundPackage() {
        assertNoViolations(TOKENS_WITHOUT_REQUEST);
    }

    @Test
    void configDependsOnNoOtherProjectPackage() {
        assertNoViolations(CONFIG_IS_A_LEAF);
    }

    @Test
    void noJavaEeJavaxImports() {
        assertNoViolations(NO_JAVA_EE_JAVAX);
    }

    @Test
    void scannerSeesTheSourcesAndTheirImports() {
        List<Import> imports = allImports();
        assertTrue(imports.size() > 20, "expected the scan to find imports, found " + imports.size());
        assertTrue(imports.stream().anyMatch(i -> i.feature().equals("config")
                        && i.imported().equals("java.util.Objects")),
                "the scan must see config's java.util.Objects import");
    }

    @Test
    void parserReadsPlainStaticWildcardAndSpacedImportsButNotComments() {
        List<Import> imports = parse(Path.of("Sample.java"), List.of(
                "package dev.offlineaccess.tokens;",
                "import static dev.offlineaccess.login.Pkce.verifier;",
                "import  jakarta.servlet.http.* ;",
                "// import dev.offlineaccess.bearer.Nope;",
                "class Sample {}"));

        assertEquals(List.of("dev.offlineaccess.login.Pkce.verifier", "jakarta.servlet.http.*"),
                imports.stream().map(Import::imported).toList());
        assertEquals(List.of(2, 3), imports.stream().map(Import::line).toList());
        assertTrue(imports.stream().allMatch(i -> i.feature().equals("tokens")));
    }

    @Test
    void everyRuleFiresOnItsViolationAndOnlyThere() {
        Import servletInLogin = sample("login", "jakarta.servlet.http.HttpServletRequest");
        Import servletInServlet = sample("servlet", "jakarta.servlet.Filter");
        Import persistenceInTokens = sample("tokens", "jakarta.persistence.EntityManager");
        Import persistenceInJpa = sample("jpa", "jakarta.persistence.Entity");
        Import bearerInTokens = sample("tokens", "dev.offlineaccess.bearer.BearerResult");
        Import providerInTokens = sample("tokens", "dev.offlineaccess.provider.TokenEndpoint");
        Import providerInConfig = sample("config", "dev.offlineaccess.provider.ProviderError");
        Import javaxServlet = sample("servlet", "javax.servlet.Filter");
        Import javaxCrypto = sample("tokens", "javax.crypto.Cipher");

        assertFires(SERVLET_FENCE, servletInLogin, servletInServlet);
        assertFires(PERSISTENCE_FENCE, persistenceInTokens, persistenceInJpa);
        assertFires(TOKENS_WITHOUT_REQUEST, bearerInTokens, providerInTokens);
        assertFires(CONFIG_IS_A_LEAF, providerInConfig, sample("config", "dev.offlineaccess.config.Secret"));
        assertFires(NO_JAVA_EE_JAVAX, javaxServlet, javaxCrypto);
        assertFalse(NO_JAVA_EE_JAVAX.violatedBy().test(sample("tokens", "javax.net.ssl.SSLContext")));
        assertFalse(SERVLET_FENCE.violatedBy().test(sample("login", "jakarta.servletx.Other")));
    }

    private static Import sample(String feature, String imported) {
        return new Import(Path.of(feature + "/Sample.java"), 3, BASE + feature, imported);
    }

    private static void assertFires(Rule rule, Import violation, Import allowed) {
        assertTrue(rule.violatedBy().test(violation), rule.description() + " must reject " + violation);
        assertFalse(rule.violatedBy().test(allowed), rule.description() + " must allow " + allowed);
    }

    private static void assertNoViolations(Rule rule) {
        List<Import> violations = allImports().stream().filter(rule.violatedBy()).toList();
        if (!violations.isEmpty()) {
            fail(rule.description() + "; " + violations.size() + " violation(s):\n  "
                    + violations.stream().map(Import::toString).collect(Collectors.joining("\n  ")));
        }
    }

    private static List<Import> allImports() {
        Path root = sourceRoot();
        try (Stream<Path> files = Files.walk(root)) {
            List<Import> imports = new ArrayList<>();
            files.filter(p -> p.toString().endsWith(".java")).sorted()
                    .forEach(p -> imports.addAll(parse(root.relativize(p), readLines(p))));
            return imports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sourceRoot() {
        Path module = Path.of(System.getProperty("basedir", "."));
        for (Path candidate : List.of(module.resolve("src/main/java"), module.resolve("adapter/src/main/java"))) {
            if (Files.isDirectory(candidate.resolve("dev/offlineaccess"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("adapter sources not found below " + module.toAbsolutePath());
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Import> parse(Path file, List<String> lines) {
        String sourcePackage = "";
        List<Import> imports = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            Matcher pkg = PACKAGE.matcher(lines.get(n));
            if (pkg.find()) {
                sourcePackage = pkg.group(1);
                continue;
            }
            Matcher imp = IMPORT.matcher(lines.get(n));
            if (imp.find()) {
                imports.add(new Import(file, n + 1, sourcePackage, imp.group(1)));
            }
        }
        return imports;
    }

    /** {@code dev.offlineaccess.bearer.X} gives {@code bearer}; a name outside the project gives nothing. */
    static Optional<String> featureOf(String name) {
        if (!name.startsWith(BASE)) {
            return Optional.empty();
        }
        String rest = name.substring(BASE.length());
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    static boolean startsWithPackage(String name, String pkg) {
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    static boolean isForbiddenJavax(String imported) {
        if (!imported.startsWith("javax.")) {
            return false;
        }
        String pkg = packageOf(imported);
        return ModuleLayer.boot().modules().stream().noneMatch(m -> m.getPackages().contains(pkg));
    }

    /** The package part of an imported name: the segments before the first one starting upper case. */
    private static String packageOf(String imported) {
        List<String> segments = new ArrayList<>();
        for (String segment : imported.split("\\.")) {
            if (segment.equals("*") || Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }
}
