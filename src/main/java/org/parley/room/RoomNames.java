package org.parley.room;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Room codes (random digits) and named rooms, both case-insensitive. */
public final class RoomNames {
    private static final Pattern VALID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomNames() {}

    /** The canonical form of a room name typed or linked by a user, or empty when it is not valid. */
    public static Optional<String> normalize(String raw) {
        String name = raw.strip().toLowerCase(Locale.ROOT);
        return VALID.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** Digits only: a code made by {@link #randomCode}, which must exist to be entered. */
    public static boolean isCode(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A code of {@code length} digits from a CSPRNG; a leading zero is allowed. */
    public static String randomCode(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return sb.toString();
    }

    /** A display name without control characters, trimmed and capped; blank becomes "Guest". */
    public static String displayName(String raw) {
        String cleaned = raw.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip();
        if (cleaned.isEmpty()) {
            return "Guest";
        }
        return cleaned.codePointCount(0, cleaned.length()) <= 64
                ? cleaned : cleaned.substring(0, cleaned.offsetByCodePoints(0, 64));
    }
}
