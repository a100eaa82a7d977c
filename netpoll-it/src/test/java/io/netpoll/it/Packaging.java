package io.netpoll.it;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The build's poms as data: which modules there are, which are libraries, what each declares. */
final class Packaging {

    static final Path ROOT = Path.of(System.getProperty("netpoll.it.root")).normalize();

    /** Modules that are not libraries: never in the BOM, never published. */
    static final List<String> NOT_LIBRARIES = List.of("netpoll-cli", "netpoll-bench", "netpoll-bom", "netpoll-it");

    private Packaging() {
    }

    static Element pom(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            Document d = f.newDocumentBuilder().parse(file.toFile());
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    static Element pom(String module) {
        return pom(module.isEmpty() ? ROOT.resolve("pom.xml") : ROOT.resolve(module).resolve("pom.xml"));
    }

    /** The direct child of {@code parent} called {@code name}, or null. */
    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList all = parent.getChildNodes();
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> modules() {
        return children(child(pom(""), "modules"), "module").stream().map(e -> e.getTextContent().strip()).toList();
    }

    static List<String> libraryModules() {
        return modules().stream().filter(m -> !NOT_LIBRARIES.contains(m)).toList();
    }

    /** The {@code <dependency>} elements of {@code section} ("dependencies", or dependencyManagement's). */
    static List<Element> dependencies(Element pom, boolean managed) {
        Element holder = managed ? child(pom, "dependencyManagement") : pom;
        return holder == null ? List.of() : children(child(holder, "dependencies"), "dependency");
    }
}
