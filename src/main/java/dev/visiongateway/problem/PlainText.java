package dev.visiongateway.problem;

/**
 * Text from outside the gateway (a client's field, a router's message) made safe to write into a log line or a
 * response header: control characters (CR, LF, ESC and the like, which forge log lines, colour terminals or split
 * headers), line separators, lone surrogates and invisible format characters (bidi overrides) become '?', and the
 * text is cut to a length.
 */
public final class PlainText {

    private PlainText() {
    }

    /** {@code raw} as one printable line of at most {@code maxChars} characters plus "..."; null stays null. */
    public static String line(String raw, int maxChars) {
        if (raw == null) {
            return null;
        }
        boolean cut = raw.codePointCount(0, raw.length()) > maxChars;
        String kept = cut ? raw.substring(0, raw.offsetByCodePoints(0, maxChars)) : raw;
        StringBuilder line = new StringBuilder(kept.length() + 3);
        kept.codePoints().forEach(c -> line.appendCodePoint(printable(c) ? c : '?'));
        return cut ? line.append("...").toString() : line.toString();
    }

    private static boolean printable(int c) {
        return !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                && Character.getType(c) != Character.LINE_SEPARATOR
                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR
                && Character.getType(c) != Character.SURROGATE;
    }
}
