package dev.offlineaccess.hardening;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile inputs from a seeded {@link Random}, so a failure replays: text from alphabets that break parsers
 * (percent-escapes valid, invalid and cut off; separators; control characters; lone surrogates; non-ASCII), query
 * strings with missing, repeated, empty and oversized parameters, and mutations of a valid value. Each generated
 * text may carry {@link #MARKUP}, which no page may show unescaped. Not thread-safe.
 */
final class FuzzInputs {
    /** Markup that, seen unescaped in a page, would mean the page reflects input as HTML. */
    static final String MARKUP = "<x-fuzz onload=1>";
    private static final String SPECIAL = "%&=?#+;/\\:@!$'()*,[]{}|^`\"<> \t\r\n\u0000\u007f";
    private static final String[] ESCAPES = {"%41", "%2F", "%5C", "%00", "%0d%0a", "%G1", "%4", "%", "%%", "%E2%82",
        "%C0%AF", "%ff", "%u0041", "+", "%2B"};
    private static final String[] WORDS = {"offline_access", "openid", "invalid_grant", "access_denied", "eyJ", "null",
        "undefined", "../", "//evil.example", "javascript:", "\u202e", "\ud800", "\udc00", "\uffff", "é", "𝄞"};

    private final Random random;

    FuzzInputs(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** Text of up to {@code max} characters (rarely: up to 64 KiB). */
    String text(int max) {
        int length = random.nextInt(500) == 0 ? 16_384 + random.nextInt(49_152) : random.nextInt(max + 1);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> out.append((char) ('a' + random.nextInt(26)));
                case 3 -> out.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                case 4 -> out.append(ESCAPES[random.nextInt(ESCAPES.length)]);
                case 5 -> out.append(WORDS[random.nextInt(WORDS.length)]);
                case 6 -> out.append((char) random.nextInt(0x10000));
                case 7 -> out.append((char) ('0' + random.nextInt(10)));
                case 8 -> out.append(random.nextInt(50) == 0 ? MARKUP : "-");
                default -> out.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return out.toString();
    }

    /** One of {@code names}, or a random name. */
    String name(List<String> names) {
        return random.nextInt(5) == 0 ? text(12) : names.get(random.nextInt(names.size()));
    }

    /**
     * A raw query string: 0 to 7 pairs of (mostly) the given names, values raw or percent-encoded, pairs sometimes
     * without {@code =}, empty, repeated or joined by odd separators; or {@code null}.
     */
    String query(List<String> names, Map<String, String> real) {
        if (random.nextInt(20) == 0) {
            return null;
        }
        if (random.nextInt(30) == 0) {
            return text(300);
        }
        List<String> pairs = new ArrayList<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            String name = name(names);
            String value = real.containsKey(name) && random.nextInt(3) == 0 ? real.get(name) : text(80);
            String encodedValue = random.nextBoolean() ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
            pairs.add(switch (random.nextInt(8)) {
                case 0 -> name;
                case 1 -> "";
                case 2 -> "=" + encodedValue;
                default -> URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + encodedValue;
            });
        }
        return String.join(random.nextInt(15) == 0 ? "&&" : random.nextInt(15) == 0 ? ";" : "&", pairs);
    }

    /** A form of random and known fields, each with 0 to 3 values. */
    Map<String, String[]> form(List<String> names, Map<String, String> real) {
        Map<String, String[]> form = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            String name = name(names);
            String[] values = new String[random.nextInt(4)];
            for (int v = 0; v < values.length; v++) {
                values[v] = real.containsKey(name) && random.nextInt(4) == 0 ? real.get(name) : text(60);
            }
            form.put(name, values);
        }
        return form;
    }

    /** {@code base} with one to three characters inserted, removed or replaced. */
    String mutate(String base) {
        StringBuilder out = new StringBuilder(base);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(out.length() + 1);
            char c = random.nextBoolean() ? SPECIAL.charAt(random.nextInt(SPECIAL.length()))
                    : (char) ('A' + random.nextInt(58));
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, c);
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < out.length()) {
                        out.setCharAt(at, c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** An HTTP method, mostly the expected one. */
    String method(String usual) {
        int pick = random.nextInt(20);
        return pick < 12 ? usual : new String[] {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "get", "FOO"}[
                pick - 12];
    }

    boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }
}
