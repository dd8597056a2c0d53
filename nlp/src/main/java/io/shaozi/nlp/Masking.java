package io.shaozi.nlp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks phone numbers for logs: 13812345678 → 138****5678, 010-12345678 → 010****5678. */
public final class Masking {

    static final Pattern MOBILE = Pattern.compile("(?=[+81])(?<![0-9])(?:\\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])");
    static final Pattern LANDLINE = Pattern.compile("(?=0)(?<![0-9])(0[1-9][0-9]{1,2})[- ]?([0-9]{7,8})(?![0-9])");

    private Masking() {}

    /** Masks one phone number (any separators are dropped); short strings become "****". */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return "****";
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 7) {
            return "****";
        }
        if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    /** Returns {@code text} with every mobile and landline number masked; null gives "". */
    public static String maskPhones(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = replace(MOBILE, text);
        return replace(LANDLINE, s);
    }

    private static String replace(Pattern p, String text) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(maskPhone(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
