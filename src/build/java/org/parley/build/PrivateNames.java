package org.parley.build;

import java.util.ArrayDeque;
import java.util.Set;

/** Part of {@link WebBundle}: the copy of the modules that Closure Compiler can read. */
final class PrivateNames {
    /** Words after which a slash starts a regular expression rather than a division. */
    private static final Set<String> BEFORE_REGEX = Set.of("return", "typeof", "instanceof", "in", "of", "new",
            "delete", "void", "throw", "case", "do", "else", "yield", "await");

    private PrivateNames() {}

    /**
     * Closure Compiler cannot parse private class members ({@code #name}) yet (google/closure-compiler
     * #4286), so the copy it reads has them as ordinary members named {@code _$name}. Outside
     * strings, comments, template text and regular expressions a {@code #} can only start a private
     * name, so a small scanner finds them all. Nothing in the app enumerates its objects' own
     * properties or subclasses a class with private members of the same name, which is where the
     * two would differ; a name that is already in use, and {@code #name in obj}, stop the build.
     */
    static String publicize(String file, String js) {
        if (js.indexOf('#') < 0) {
            return js;
        }
        StringBuilder out = new StringBuilder(js.length());
        // Brace depths at which a template literal's ${…} resumes its text.
        ArrayDeque<Integer> templates = new ArrayDeque<>();
        int depth = 0;
        char previous = 0; // last significant character of code: tells a regex from a division
        String previousWord = "";
        int i = 0;
        int n = js.length();
        while (i < n) {
            char c = js.charAt(i);
            char next = i + 1 < n ? js.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                int end = js.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(js, i, end);
                i = end;
            } else if (c == '/' && next == '*') {
                int end = js.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalStateException(file + ": unterminated comment");
                }
                out.append(js, i, end + 2);
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int end = skipString(file, js, i, c);
                out.append(js, i, end);
                i = end;
                previous = 'a';
            } else if (c == '`' || (c == '}' && !templates.isEmpty() && templates.peek() == depth)) {
                if (c == '}') {
                    templates.pop();
                }
                int end = i + 1;
                while (true) {
                    if (end >= n) {
                        throw new IllegalStateException(file + ": unterminated template literal");
                    }
                    char t = js.charAt(end);
                    if (t == '\\') {
                        end += 2;
                    } else if (t == '`') {
                        end++;
                        previous = 'a';
                        break;
                    } else if (t == '$' && end + 1 < n && js.charAt(end + 1) == '{') {
                        end += 2;
                        templates.push(depth);
                        previous = '{';
                        break;
                    } else {
                        end++;
                    }
                }
                out.append(js, i, end);
                i = end;
            } else if (c == '/' && startsRegex(previous, previousWord)) {
                int end = i + 1;
                boolean inClass = false;
                while (end < n && (inClass || js.charAt(end) != '/')) {
                    char r = js.charAt(end);
                    if (r == '\n') {
                        throw new IllegalStateException(file + ": cannot tell a regular expression at offset " + i);
                    }
                    if (r == '\\') {
                        end++;
                    } else if (r == '[') {
                        inClass = true;
                    } else if (r == ']') {
                        inClass = false;
                    }
                    end++;
                }
                end++;
                while (end < n && Character.isLetter(js.charAt(end))) {
                    end++;
                }
                out.append(js, i, end);
                i = end;
                previous = 'a';
            } else if (c == '#' && Character.isJavaIdentifierStart(next)) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(js.charAt(end))) {
                    end++;
                }
                String name = js.substring(i + 1, end);
                if (js.contains("_$" + name)) {
                    throw new IllegalStateException(file + ": _$" + name + " is taken, cannot stand in for #" + name);
                }
                if (previous != '.' && js.substring(end).stripLeading().startsWith("in ")) {
                    throw new IllegalStateException(file + ": #" + name + " in … is not supported by the bundler");
                }
                out.append("_$").append(name);
                i = end;
                previous = 'a';
                previousWord = name;
            } else if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && (Character.isJavaIdentifierPart(js.charAt(end)) || js.charAt(end) == '.'
                        && Character.isDigit(c))) {
                    end++;
                }
                previousWord = js.substring(i, end);
                out.append(previousWord);
                i = end;
                previous = 'a';
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
                if (!Character.isWhitespace(c)) {
                    previous = c;
                    previousWord = "";
                }
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean startsRegex(char previous, String previousWord) {
        if (previous == 'a') {
            return BEFORE_REGEX.contains(previousWord);
        }
        return previous != ')' && previous != ']' && previous != '}';
    }

    static int skipString(String file, String text, int start, char quote) {
        int end = start + 1;
        while (end < text.length() && text.charAt(end) != quote) {
            if (text.charAt(end) == '\n') {
                throw new IllegalStateException(file + ": unterminated string at offset " + start);
            }
            end += text.charAt(end) == '\\' ? 2 : 1;
        }
        return end + 1;
    }
}
