package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a request's language hint to Tesseract traineddata that is installed: ISO 639-1 codes ({@code de}),
 * tags with a region ({@code de-DE}), Tesseract's own codes ({@code deu}, {@code chi_sim}) and several joined by
 * {@code +} or {@code ,}. Whatever is unknown or not installed falls back to the default language.
 */
final class OcrLanguages {

    /** ISO 639-1 to Tesseract's ISO 639-2/T based names, for the languages Debian packages traineddata for. */
    private static final Map<String, String> ISO_639_1 = Map.ofEntries(
            Map.entry("af", "afr"), Map.entry("ar", "ara"), Map.entry("az", "aze"), Map.entry("be", "bel"),
            Map.entry("bg", "bul"), Map.entry("bn", "ben"), Map.entry("bs", "bos"), Map.entry("ca", "cat"),
            Map.entry("cs", "ces"), Map.entry("cy", "cym"), Map.entry("da", "dan"), Map.entry("de", "deu"),
            Map.entry("el", "ell"), Map.entry("en", "eng"), Map.entry("eo", "epo"), Map.entry("es", "spa"),
            Map.entry("et", "est"), Map.entry("eu", "eus"), Map.entry("fa", "fas"), Map.entry("fi", "fin"),
            Map.entry("fr", "fra"), Map.entry("ga", "gle"), Map.entry("gl", "glg"), Map.entry("he", "heb"),
            Map.entry("hi", "hin"), Map.entry("hr", "hrv"), Map.entry("hu", "hun"), Map.entry("hy", "hye"),
            Map.entry("id", "ind"), Map.entry("is", "isl"), Map.entry("it", "ita"), Map.entry("ja", "jpn"),
            Map.entry("ka", "kat"), Map.entry("kk", "kaz"), Map.entry("ko", "kor"), Map.entry("lt", "lit"),
            Map.entry("lv", "lav"), Map.entry("mk", "mkd"), Map.entry("ms", "msa"), Map.entry("mt", "mlt"),
            Map.entry("nb", "nor"), Map.entry("nl", "nld"), Map.entry("nn", "nor"), Map.entry("no", "nor"),
            Map.entry("pl", "pol"), Map.entry("pt", "por"), Map.entry("ro", "ron"), Map.entry("ru", "rus"),
            Map.entry("sk", "slk"), Map.entry("sl", "slv"), Map.entry("sq", "sqi"), Map.entry("sr", "srp"),
            Map.entry("sv", "swe"), Map.entry("sw", "swa"), Map.entry("ta", "tam"), Map.entry("th", "tha"),
            Map.entry("tr", "tur"), Map.entry("uk", "ukr"), Map.entry("ur", "urd"), Map.entry("uz", "uzb"),
            Map.entry("vi", "vie"), Map.entry("zh", "chi_sim"), Map.entry("zh-cn", "chi_sim"),
            Map.entry("zh-hans", "chi_sim"), Map.entry("zh-tw", "chi_tra"), Map.entry("zh-hant", "chi_tra"));

    /** The languages to pass as {@code -l}, and the hints that could not be served. */
    record Choice(String tesseractLanguages, List<String> unavailable) {
    }

    private OcrLanguages() {
    }

    static Choice choose(String hint, Set<String> installed, String fallback) {
        List<String> chosen = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        if (hint != null) {
            for (String part : hint.split("[+,;\\s]+")) {
                if (part.isBlank()) {
                    continue;
                }
                String code = tesseractCode(part.strip().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (installed.contains(code)) {
                    if (!chosen.contains(code)) {
                        chosen.add(code);
                    }
                } else {
                    unavailable.add(part.strip());
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(installed.contains(fallback) || installed.isEmpty() ? fallback : installed.iterator().next());
        }
        return new Choice(String.join("+", chosen), List.copyOf(unavailable));
    }

    private static String tesseractCode(String tag) {
        if (ISO_639_1.containsKey(tag)) {
            return ISO_639_1.get(tag);
        }
        String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
        if (ISO_639_1.containsKey(primary)) {
            return ISO_639_1.get(primary);
        }
        // already a Tesseract name: deu, chi_sim, script/Latin
        return tag.replace('-', '_');
    }
}
