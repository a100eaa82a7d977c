package io.netpoll.net.internal.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Domain names on the wire (RFC 1035 3.1, 4.1.4), as Go's {@code dnsmessage.Name} packs and
 * unpacks them.
 *
 * <p>A name is held in presentation form: its labels joined by dots, with the trailing dot of
 * the root ({@code "www.example."}; the root itself is {@code "."}). Label bytes map one to one
 * onto chars 0..255 (ISO-8859-1), so any label survives a round trip; a label containing a dot
 * cannot be written in that form and is rejected, as Go rejects it (golang/go#56246).
 *
 * <p>Reading follows compression pointers under one rule that makes every read finish: each
 * pointer must jump strictly below the lowest offset this name has read so far. Encoders only
 * ever point back at names written earlier, so real messages pass; a pointer at or above that
 * offset is reported as a compression loop (it lands on bytes this name already read) or as a
 * forward pointer, and one past the end as out of range. The wire length, counted across jumps,
 * is at most 255 bytes.
 */
final class Names {

    /** RFC 1035 2.3.4: a name is at most 255 bytes on the wire, a label at most 63. */
    static final int MAX_NAME_WIRE = 255;
    static final int MAX_LABEL = 63;

    private Names() {}

    static String read(WireReader r, String what) throws DnsFormatException {
        byte[] msg = r.msg;
        int pos = r.pos;
        int bound = r.limit(); // sequential bytes of the name in place stay inside the current section
        int lowest = pos;
        int resume = -1;
        int wire = 0;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= bound) {
                throw new DnsFormatException("truncated " + what + " at offset " + pos);
            }
            int c = msg[pos] & 0xFF;
            switch (c & 0xC0) {
                case 0x00 -> {
                    if (c == 0) {
                        wire += 1;
                        r.pos = resume >= 0 ? resume : pos + 1;
                        return sb.isEmpty() ? "." : sb.toString();
                    }
                    if (pos + 1 + c > bound) {
                        throw new DnsFormatException("truncated label of " + c + " bytes in " + what
                                + " at offset " + pos);
                    }
                    wire += 1 + c;
                    if (wire + 1 > MAX_NAME_WIRE) {
                        throw new DnsFormatException(what + " at offset " + r.pos + " is longer than "
                                + MAX_NAME_WIRE + " bytes");
                    }
                    for (int i = pos + 1; i <= pos + c; i++) {
                        char ch = (char) (msg[i] & 0xFF);
                        if (ch == '.') {
                            throw new DnsFormatException("label containing a dot in " + what + " at offset " + pos);
                        }
                        sb.append(ch);
                    }
                    sb.append('.');
                    pos += 1 + c;
                }
                case 0xC0 -> {
                    if (pos + 2 > bound) {
                        throw new DnsFormatException("truncated compression pointer in " + what + " at offset " + pos);
                    }
                    int target = (c & 0x3F) << 8 | (msg[pos + 1] & 0xFF);
                    if (target >= r.length) {
                        throw new DnsFormatException("compression pointer at offset " + pos + " to offset "
                                + target + " is out of range (message is " + r.length + " bytes)");
                    }
                    if (target >= lowest) {
                        throw new DnsFormatException((target <= pos ? "compression loop: pointer" : "forward compression pointer")
                                + " at offset " + pos + " to offset " + target + " in " + what);
                    }
                    if (resume < 0) {
                        resume = pos + 2;
                    }
                    lowest = target;
                    pos = target;
                    bound = r.length;
                }
                default -> throw new DnsFormatException("invalid label length byte 0x" + Integer.toHexString(c)
                        + " in " + what + " at offset " + pos + " (labels are at most 63 bytes; 0x40 and 0x80 are reserved)");
            }
        }
    }

    /**
     * Writes {@code name}, which must be rooted. With a compression map (suffix to offset), a
     * suffix written before becomes a pointer and the suffixes written now are remembered.
     */
    static void write(WireWriter w, String name, Map<String, Integer> compression) throws DnsFormatException {
        List<String> labels = labels(name);
        for (int i = 0; i < labels.size(); i++) {
            if (compression != null) {
                String suffix = String.join(".", labels.subList(i, labels.size())) + ".";
                Integer at = compression.get(suffix);
                if (at != null) {
                    w.u16(0xC000 | at);
                    return;
                }
                if (w.pos() <= 0x3FFF) {
                    compression.put(suffix, w.pos());
                }
            }
            String label = labels.get(i);
            w.u8(label.length());
            for (int j = 0; j < label.length(); j++) {
                w.u8(label.charAt(j));
            }
        }
        w.u8(0);
    }

    /** The labels of a rooted name, checked against the wire limits. */
    static List<String> labels(String name) throws DnsFormatException {
        if (name.isEmpty() || name.charAt(name.length() - 1) != '.') {
            throw new DnsFormatException("name \"" + name + "\" is not rooted (no trailing dot)");
        }
        List<String> labels = new ArrayList<>();
        if (name.equals(".")) {
            return labels;
        }
        int wire = 1;
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch > 0xFF) {
                throw new DnsFormatException("name \"" + name + "\" has a char outside 0..255 at index " + i);
            }
            if (ch == '.') {
                int len = i - start;
                if (len == 0) {
                    throw new DnsFormatException("name \"" + name + "\" has an empty label at index " + i);
                }
                if (len > MAX_LABEL) {
                    throw new DnsFormatException("name \"" + name + "\" has a label of " + len
                            + " bytes (at most " + MAX_LABEL + ")");
                }
                labels.add(name.substring(start, i));
                wire += 1 + len;
                start = i + 1;
            }
        }
        if (wire > MAX_NAME_WIRE) {
            throw new DnsFormatException("name \"" + name + "\" is " + wire + " bytes on the wire (at most "
                    + MAX_NAME_WIRE + ")");
        }
        return labels;
    }

    /** Go's {@code equalASCIIName}: equal ignoring the case of ASCII letters only. */
    static boolean equalFold(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
