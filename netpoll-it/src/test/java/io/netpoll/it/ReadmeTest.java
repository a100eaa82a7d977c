package io.netpoll.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README never lies about its code: every fenced block with a language is checked here. Java
 * blocks are compiled against net-core; the first program is the consumer build's own source, which
 * the invoker runs on the class path and the module path. The Maven block is the consumer build's
 * dependency section, character for character, and the Gradle block says the same thing in Gradle's
 * words. A block in any other language fails the test until this test learns to check it.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of(System.getProperty("netpoll.it.root")).normalize();
    private static final String VERSION = System.getProperty("netpoll.it.version");
    private static final Path CONSUMER = ROOT.resolve("netpoll-it/src/it/consumer");
    private static final String BEGIN = "<!-- README: begin -->\n";
    private static final String END = "<!-- README: end -->";

    private static String readme;

    /** A fenced block: its language (empty for none) and its text, without the fences. */
    record Block(String language, String text) {
    }

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readString(ROOT.resolve("README.md"));
    }

    static List<Block> fenced(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^( *)```(\\w*)\\n(.*?)^\\1```$", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            String indent = m.group(1);
            String text = m.group(3).lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                    .collect(Collectors.joining("\n", "", "\n"));
            blocks.add(new Block(m.group(2), text));
        }
        return blocks;
    }

    private static List<Block> blocks(String language) {
        return fenced(readme).stream().filter(b -> b.language().equals(language)).toList();
    }

    /** The consumer pom's section between the README markers, unindented, with the version the build has. */
    private static String mavenSnippet() throws IOException {
        String pom = Files.readString(CONSUMER.resolve("pom.xml"));
        int begin = pom.indexOf(BEGIN);
        int end = pom.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "the consumer pom has no README markers");
        return pom.substring(begin + BEGIN.length(), end).stripTrailing().lines()
                .map(l -> l.startsWith("  ") ? l.substring(2) : l)
                .collect(Collectors.joining("\n", "", "\n"))
                .replace("@project.version@", VERSION);
    }

    @Test
    void everyBlockHasALanguageThisTestChecksOrIsACommand() {
        for (Block b : fenced(readme)) {
            assertTrue(List.of("java", "xml", "kotlin", "").contains(b.language()),
                    "a ```" + b.language() + " block that no test checks:\n" + b.text());
            if (b.language().isEmpty()) {
                // Command lines and program output, which CI runs (.ci/run) or the CLI's tests print.
                assertFalse(b.text().contains("public class") || b.text().contains("<dependency>"),
                        "code in a block without a language escapes this test:\n" + b.text());
            }
        }
    }

    @Test
    void mavenSnippetIsTheConsumerBuilds() throws IOException {
        List<Block> xml = blocks("xml");
        assertEquals(1, xml.size(), "the README has one Maven snippet");
        assertEquals(mavenSnippet(), xml.getFirst().text());
    }

    /** Gradle's lines for the consumer's dependencies: the BOM as a platform, runtime scope as runtimeOnly. */
    @Test
    void gradleSnippetSaysWhatTheMavenSnippetSays() throws IOException {
        String maven = mavenSnippet();
        List<String> want = new ArrayList<>();
        Matcher bom = Pattern.compile("<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*"
                + "<version>([^<]+)</version>\\s*<type>pom</type>\\s*<scope>import</scope>").matcher(maven);
        assertTrue(bom.find(), maven);
        want.add("implementation(platform(\"" + bom.group(1) + ":" + bom.group(2) + ":" + bom.group(3) + "\"))");
        String dependencies = maven.substring(maven.indexOf("<dependencies>", maven.indexOf("</dependencyManagement>")));
        Matcher dep = Pattern.compile("(?:<!-- ([^>]*) -->\\s*)?<dependency>\\s*<groupId>([^<]+)</groupId>\\s*"
                + "<artifactId>([^<]+)</artifactId>(?: <!-- ([^>]*) -->)?\\s*(?:<scope>([^<]+)</scope>\\s*)?</dependency>")
                .matcher(dependencies);
        while (dep.find()) {
            if (dep.group(1) != null) {
                want.add("// " + dep.group(1));
            }
            String configuration = "runtime".equals(dep.group(5)) ? "runtimeOnly" : "implementation";
            want.add(configuration + "(\"" + dep.group(2) + ":" + dep.group(3) + "\")"
                    + (dep.group(4) != null ? " // " + dep.group(4) : ""));
        }
        List<Block> kotlin = blocks("kotlin");
        assertEquals(1, kotlin.size(), "the README has one Gradle snippet");
        List<String> got = kotlin.getFirst().text().lines().map(String::strip)
                .filter(l -> !l.equals("dependencies {") && !l.equals("}") && !l.isEmpty()).toList();
        assertEquals(want, got);
    }

    @Test
    void firstProgramIsTheOneTheConsumerRuns() throws IOException {
        String hello = Files.readString(CONSUMER.resolve("src/main/java/com/example/hello/Hello.java"));
        assertTrue(blocks("java").stream().anyMatch(b -> b.text().equals(hello)),
                "no ```java block in the README is the consumer's Hello.java, character for character");
    }

    @Test
    void everyJavaBlockCompiles(@TempDir Path dir) throws IOException {
        List<Block> java = blocks("java");
        assertFalse(java.isEmpty());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (Block b : java) {
            Matcher cls = Pattern.compile("public (?:final )?class (\\w+)").matcher(b.text());
            assertTrue(cls.find(), "a ```java block without a public class:\n" + b.text());
            Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(b.text());
            Path src = dir.resolve("src").resolve(pkg.find() ? pkg.group(1).replace('.', '/') : "")
                    .resolve(cls.group(1) + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, b.text());
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of("-classpath", testClassPath(), "-d", dir.resolve("classes").toString(),
                        "-Xlint:all", "-Werror", "--release", "21");
                boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(src)).call();
                String report = diagnostics.getDiagnostics().stream().map(d -> d.getKind() + " line "
                        + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
                assertTrue(ok && diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() != Diagnostic.Kind.NOTE),
                        cls.group(1) + " does not compile cleanly:\n" + report);
            }
        }
    }

    /** The module table's artifact and module names are each library module's descriptor. */
    @Test
    void moduleNamesAreTheDescriptors() throws IOException {
        Matcher row = Pattern.compile("(?m)^\\| `([\\w-]+)` \\| `(io\\.netpoll[\\w.]*)` \\|").matcher(readme);
        List<String> rows = new ArrayList<>();
        while (row.find()) {
            String descriptor = Files.readString(ROOT.resolve(row.group(1)).resolve("src/main/java/module-info.java"));
            Matcher name = Pattern.compile("(?m)^module ([\\w.]+) \\{").matcher(descriptor);
            assertTrue(name.find(), row.group(1));
            assertEquals(name.group(1), row.group(2), "module of " + row.group(1));
            rows.add(row.group(1));
        }
        assertEquals(Packaging.libraryModules().stream().sorted().toList(), rows.stream().sorted().toList(),
                "the README's module table lists every library module once");
    }

    /** The classes the tests compile against: surefire's test class path, net-core and the providers. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertTrue(cp.contains("net-core"), "net-core is not on " + cp);
        return cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}
