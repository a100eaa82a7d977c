package io.netpoll.it;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netpoll.it.Packaging.ROOT;
import static io.netpoll.it.Packaging.child;
import static io.netpoll.it.Packaging.children;
import static io.netpoll.it.Packaging.dependencies;
import static io.netpoll.it.Packaging.libraryModules;
import static io.netpoll.it.Packaging.pom;
import static io.netpoll.it.Packaging.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user's build sees of netpoll4j: the BOM pins every library module and nothing else; a
 * library depends at run time on the JDK and JNA only (the kit on JUnit as well, being JUnit suites);
 * the release metadata is there; what is not a library is never published.
 */
class PackagingTest {

    /** The kit is JUnit suites: JUnit is its one dependency beyond the JDK, JNA and netpoll4j. */
    private static final String KIT = "netpoll-tck";

    @Test
    void bomPinsEveryLibraryModuleAndNothingElse() {
        Element bom = pom("netpoll-bom");
        Element root = pom("");
        assertEquals(text(root, "version"), text(bom, "version"), "the BOM's version is the build's");
        assertEquals(null, child(bom, "parent"), "the BOM has no parent: it would import the parent's managed versions");
        List<String> pinned = new ArrayList<>();
        for (Element d : dependencies(bom, true)) {
            assertEquals("io.netpoll", text(d, "groupId"), "the BOM pins only netpoll4j");
            assertEquals("${project.version}", text(d, "version"));
            pinned.add(text(d, "artifactId"));
        }
        assertEquals(libraryModules().stream().sorted().toList(), pinned.stream().sorted().toList());
        List<String> managedByParent = dependencies(root, true).stream()
                .filter(d -> "io.netpoll".equals(text(d, "groupId"))).map(d -> text(d, "artifactId")).sorted().toList();
        assertEquals(pinned.stream().sorted().toList(), managedByParent, "the parent manages the same modules");
    }

    @Test
    void librariesDependOnTheJdkAndJnaOnly() throws IOException {
        for (String module : libraryModules()) {
            for (Element d : dependencies(pom(module), false)) {
                String scope = text(d, "scope");
                if ("test".equals(scope)) {
                    continue;
                }
                String group = text(d, "groupId");
                boolean allowed = group.equals("io.netpoll") || group.equals("net.java.dev.jna")
                        || module.equals(KIT) && group.equals("org.junit.jupiter");
                assertTrue(allowed, module + " depends at run time on " + group + ":" + text(d, "artifactId"));
            }
            String descriptor = Files.readString(ROOT.resolve(module).resolve("src/main/java/module-info.java"));
            Matcher requires = Pattern.compile("(?m)^\\s*requires (?:transitive |static )*([\\w.]+);").matcher(descriptor);
            while (requires.find()) {
                String m = requires.group(1);
                boolean allowed = m.startsWith("java.") || m.startsWith("jdk.") || m.startsWith("io.netpoll.")
                        || m.equals("com.sun.jna") || module.equals(KIT) && m.startsWith("org.junit.");
                assertTrue(allowed, module + " requires " + m);
            }
        }
    }

    @Test
    void releaseMetadataIsInherited() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License\n                           Version 2.0, January 2004"));
        for (String module : List.of("", "netpoll-bom")) {
            Element pom = pom(module);
            for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
                assertNotNull(child(pom, element), (module.isEmpty() ? "the parent" : module) + " has no <" + element + ">");
            }
            assertEquals("Apache License, Version 2.0", text(child(child(pom, "licenses"), "license"), "name"));
        }
        for (String module : libraryModules()) {
            Element pom = pom(module);
            assertEquals("netpoll4j", text(child(pom, "parent"), "artifactId"), module + " inherits the metadata");
            assertNotNull(text(pom, "description"), module + " has no description");
        }
    }

    /** The release profile publishes every module but the ones that are not libraries. */
    @Test
    void onlyLibrariesArePublished() {
        Element release = children(child(pom(""), "profiles"), "profile").stream()
                .filter(p -> "release".equals(text(p, "id"))).findFirst().orElseThrow();
        Element publishing = children(child(child(release, "build"), "plugins"), "plugin").stream()
                .filter(p -> "central-publishing-maven-plugin".equals(text(p, "artifactId"))).findFirst().orElseThrow();
        assertEquals("false", text(child(publishing, "configuration"), "autoPublish"));
        List<String> excluded = children(child(child(publishing, "configuration"), "excludeArtifacts"), "artifact")
                .stream().map(e -> e.getTextContent().strip()).sorted().toList();
        List<String> jarsNotLibraries = Packaging.NOT_LIBRARIES.stream().filter(m -> !m.equals("netpoll-bom")).sorted().toList();
        assertEquals(jarsNotLibraries, excluded);
        for (String module : jarsNotLibraries) {
            Element properties = child(pom(module), "properties");
            for (String skip : List.of("maven.deploy.skip", "maven.source.skip", "maven.javadoc.skip")) {
                assertEquals("true", properties == null ? null : text(properties, skip), module + " sets " + skip);
            }
        }
    }
}
