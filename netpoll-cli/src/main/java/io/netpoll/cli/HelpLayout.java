package io.netpoll.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wraps the help text at spaces only. picocli wraps with the JDK's line {@link java.text.BreakIterator},
 * which also breaks after '.' and ':' (a line ending in "resolv." and the next starting with "conf");
 * so picocli renders each section unwrapped, on lines {@link #UNWRAPPED} wide, and this class wraps them
 * to {@link #WIDTH} columns between words, with picocli's indentation: a synopsis continues under its
 * first option, an option's or command's description two columns right of where it starts.
 */
final class HelpLayout {

    static final int WIDTH = 80;
    /** Wider than any line of the help: picocli wraps nothing. */
    static final int UNWRAPPED = 4000;

    /** How far right of a table's description column its continuation lines start, as picocli indents them. */
    private static final int CONTINUATION = 2;

    /** The sections with text to wrap; the others are headings, kept as they are. */
    private static final Set<String> WRAPPED = Set.of(UsageMessageSpec.SECTION_KEY_SYNOPSIS,
            UsageMessageSpec.SECTION_KEY_DESCRIPTION, UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageMessageSpec.SECTION_KEY_COMMAND_LIST);

    private HelpLayout() {
    }

    /** Lays out the help of {@code root} and of every subcommand. */
    static void apply(CommandLine root) {
        root.setUsageHelpWidth(UNWRAPPED);
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (int i = 0; i < all.size(); i++) {
            CommandLine cl = all.get(i);
            all.addAll(cl.getSubcommands().values());
            Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(cl.getHelpSectionMap());
            sections.replaceAll((key, renderer) -> WRAPPED.contains(key)
                    ? help -> wrapSection(key, renderer.render(help), help)
                    : renderer);
            cl.setHelpSectionMap(sections);
        }
    }

    private static String wrapSection(String key, String text, Help help) {
        String commandName = help.commandSpec().qualifiedName();
        // The synopsis follows its heading ("Usage: ") on the same line: wrapped with it, returned without.
        String heading = key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS) ? help.synopsisHeading() : "";
        text = heading + text;
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            if (n > 0) {
                out.append(System.lineSeparator());
            }
            String line = lines[n];
            String l = line.stripTrailing();
            int start = switch (key) {
                case UsageMessageSpec.SECTION_KEY_SYNOPSIS -> l.indexOf(commandName) >= 0
                        ? l.indexOf(commandName) + commandName.length() + 1 : 0;
                case UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                        UsageMessageSpec.SECTION_KEY_COMMAND_LIST -> descriptionColumn(l);
                default -> 0;
            };
            int indent = key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS) ? start : start + CONTINUATION;
            out.append(String.join(System.lineSeparator(), wrap(l, start, start == 0 ? 0 : indent)));
        }
        return out.substring(heading.length());
    }

    /**
     * Where the description starts in a row of picocli's option or command table: after the leading
     * spaces, the label, and the spaces after it. A row that continues a description has no label.
     */
    static int descriptionColumn(String row) {
        int i = 0;
        while (i < row.length() && row.charAt(i) == ' ') {
            i++;
        }
        if (i > 2 * CONTINUATION + 2) {
            return i; // no label: a description's own line
        }
        int gap = row.indexOf("  ", i);
        if (gap < 0) {
            return i;
        }
        int d = gap;
        while (d < row.length() && row.charAt(d) == ' ') {
            d++;
        }
        return d;
    }

    /**
     * {@code line} cut into lines of at most {@link #WIDTH} columns at spaces after column {@code start},
     * the following ones indented by {@code indent}. A word longer than a line stands alone, whole.
     */
    static List<String> wrap(String line, int start, int indent) {
        List<String> out = new ArrayList<>();
        String rest = line;
        int from = start;
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= from) {
                cut = rest.indexOf(' ', Math.max(from + 1, WIDTH));
                if (cut < 0) {
                    break;
                }
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = " ".repeat(indent) + rest.substring(cut).stripLeading();
            from = indent;
        }
        out.add(rest);
        return out;
    }
}
