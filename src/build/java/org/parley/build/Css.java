package org.parley.build;

/** Part of {@link WebBundle}: the stylesheets' minifier. */
final class Css {
    private Css() {}

    /**
     * Drops comments and collapses whitespace; strings are kept as they are. Only the spaces that
     * never matter go ({@code { } ; ,} and the last {@code ;} of a block); a space that may be a
     * descendant combinator, or an operator's in {@code calc()}, stays.
     */
    static String minify(String css) {
        StringBuilder out = new StringBuilder(css.length());
        int i = 0;
        int n = css.length();
        boolean space = false;
        while (i < n) {
            char c = css.charAt(i);
            if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
                int end = css.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            boolean tight = "{};,".indexOf(c) >= 0;
            if (space && !tight && !out.isEmpty() && "{};,".indexOf(out.charAt(out.length() - 1)) < 0) {
                out.append(' ');
            }
            space = false;
            if (c == '}' && !out.isEmpty() && out.charAt(out.length() - 1) == ';') {
                out.setLength(out.length() - 1);
            }
            if (c == '\'' || c == '"') {
                int end = PrivateNames.skipString("css", css, i, c);
                out.append(css, i, end);
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
