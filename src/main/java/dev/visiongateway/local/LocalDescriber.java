package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes measured facts as plain English sentences, one piece per sentence so that they stream like a model's
 * words. Every number said is a measurement; nothing is guessed beyond what the facts support.
 */
final class LocalDescriber {

    private static final int MAX_QUOTED_TEXT = 400;

    private LocalDescriber() {
    }

    /** Sentences about one image; {@code subject} is "The image" or "Image 2". */
    static List<String> describe(ImageFacts facts, String subject, String textUnavailable) {
        List<String> sentences = new ArrayList<>();
        sentences.add(subject + " is a " + facts.format() + " image of " + size(facts.width(), facts.height())
                + ", " + facts.orientation() + " (" + aspect(facts.width(), facts.height()) + ").");
        sentences.add(colours(facts.colours()));
        sentences.add("It is " + brightnessWord(facts.brightness()) + " (mean brightness " + percent(facts.brightness())
                + ") with " + contrastWord(facts.contrast()) + " contrast (luma standard deviation "
                + percent(facts.contrast()) + ").");
        sentences.add(sharpness(facts));
        sentences.add(kind(facts.kind(), facts.text()));
        if (facts.text().read()) {
            sentences.add(facts.text().legible().isEmpty() ? "No legible text was found."
                    : "Text found by OCR: \"" + quoted(facts.text().legible()) + "\".");
        } else if (textUnavailable != null) {
            sentences.add("Its text was not read: " + textUnavailable + ".");
        }
        return sentences;
    }

    /** Sentences about how one image differs from the first. */
    static List<String> compare(ImageComparison comparison) {
        ImageComparison.Summary first = comparison.first();
        ImageComparison.Summary other = comparison.other();
        String name = "Image " + other.number();
        List<String> sentences = new ArrayList<>();
        sentences.add(name + " compared with image " + first.number() + ": " + verdict(comparison.similarity())
                + " (similarity " + decimal(comparison.similarity()) + "; SSIM " + decimal(comparison.ssim())
                + ", perceptual hash distance " + comparison.perceptualDistance() + " of 64, difference hash distance "
                + comparison.differenceDistance() + " of 64).");
        sentences.add(sizes(first, other));
        sentences.add(colourDifference(first, other));
        if (comparison.regions().isEmpty()) {
            sentences.add("No region differs.");
        } else {
            String where = comparison.differingShare() > 0.5 ? "They differ almost everywhere ("
                    + percent(comparison.differingShare()) + " of the area)"
                    : percent(comparison.differingShare()) + " of the area differs";
            sentences.add(where + ", in " + comparison.regions().size() + (comparison.regions().size() == 1
                    ? " region"
                    : " regions") + " (in image " + first.number() + "'s pixels): "
                    + comparison.regions().stream().map(box -> "x=" + box.x() + " y=" + box.y() + " w=" + box.width()
                            + " h=" + box.height()).collect(Collectors.joining("; "))
                    + ".");
        }
        return sentences;
    }

    private static String colours(List<ColourNames.Share> colours) {
        if (colours.isEmpty()) {
            return "No single colour dominates it.";
        }
        if (colours.get(0).share() >= 0.9) {
            return "It is almost entirely " + colours.get(0).name() + " (" + percent(colours.get(0).share()) + ").";
        }
        return "Its dominant colours are " + list(colours.stream()
                .map(share -> share.name() + " (" + percent(share.share()) + ")").toList()) + ".";
    }

    private static String sharpness(ImageFacts facts) {
        String measured = " (variance of the Laplacian " + Math.round(facts.sharpness()) + " at "
                + ImageFacts.SHARPNESS_SIDE + " px).";
        return switch (facts.sharpnessVerdict()) {
            case "uniform" -> "It is nearly uniform, so its sharpness cannot be judged" + measured;
            case "blurry" -> "It looks blurry" + measured;
            case "slightly soft" -> "It looks slightly soft" + measured;
            default -> "It looks sharp" + measured;
        };
    }

    private static String kind(ImageFacts.Kind kind, ImageFacts.Text text) {
        String flat = percent(kind.flatShare()) + " of neighbouring pixels have exactly the same colour";
        return switch (kind.name()) {
            case "document" -> "It looks like a document: text covers " + percent(text.coverage())
                    + " of it, on a mostly light (" + percent(kind.lightShare()) + "), nearly colourless background.";
            case "screenshot" -> "It looks like a screenshot or other computer graphic with text: " + flat
                    + ", and text covers " + percent(text.coverage()) + " of it.";
            case "graphic" -> "It looks like a flat graphic rather than a photo: " + flat + ".";
            default -> "It looks like a photo or scan: colours vary continuously (" + kind.distinctColours()
                    + " distinct shades at " + ImageFacts.COLOUR_SIDE + " px) and only " + flat + ".";
        };
    }

    private static String sizes(ImageComparison.Summary first, ImageComparison.Summary other) {
        String firstSize = first.width() + " × " + first.height() + " " + first.format();
        String otherSize = other.width() + " × " + other.height() + " " + other.format();
        if (firstSize.equals(otherSize)) {
            return "Both are " + firstSize + " images.";
        }
        String aspects = aspect(first.width(), first.height()).equals(aspect(other.width(), other.height()))
                ? "the same aspect ratio (" + aspect(first.width(), first.height()) + ")"
                : "different aspect ratios (" + aspect(first.width(), first.height()) + " and "
                        + aspect(other.width(), other.height()) + ")";
        return "Image " + other.number() + " is " + otherSize + ", image " + first.number() + " " + firstSize + "; "
                + aspects + ".";
    }

    private static String colourDifference(ImageComparison.Summary first, ImageComparison.Summary other) {
        List<String> a = first.colours().stream().map(ColourNames.Share::name).toList();
        List<String> b = other.colours().stream().map(ColourNames.Share::name).toList();
        String colours = a.equals(b) ? "Their dominant colours match (" + list(a) + ")"
                : "Dominant colours: image " + first.number() + " " + list(a) + "; image " + other.number() + " "
                        + list(b);
        double change = other.brightness() - first.brightness();
        String brightness = Math.abs(change) < 0.05 ? ", at similar brightness"
                : "; image " + other.number() + " is " + (change > 0 ? "brighter" : "darker") + " (mean brightness "
                        + percent(other.brightness()) + " against " + percent(first.brightness()) + ")";
        return colours + brightness + ".";
    }

    private static String verdict(double similarity) {
        return similarity >= 0.95 ? "nearly identical"
                : similarity >= 0.8 ? "very similar"
                        : similarity >= 0.6 ? "similar" : similarity >= 0.4 ? "somewhat alike" : "different";
    }

    private static String brightnessWord(double brightness) {
        return brightness < 0.25 ? "dark"
                : brightness < 0.45 ? "dim"
                        : brightness < 0.7 ? "moderately bright"
                                : "bright";
    }

    private static String contrastWord(double contrast) {
        return contrast < 0.08 ? "very low" : contrast < 0.18 ? "low" : contrast < 0.3 ? "moderate" : "high";
    }

    static String size(int width, int height) {
        return width + " × " + height + " pixels";
    }

    static String aspect(int width, int height) {
        int divisor = gcd(width, height);
        int w = width / divisor;
        int h = height / divisor;
        return w <= 32 && h <= 32 ? w + ":" + h : String.format(Locale.ROOT, "%.2f:1", width / (double) height);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? Math.max(1, a) : gcd(b, a % b);
    }

    private static String quoted(String text) {
        String oneLine = text.replace("\n", " / ");
        return oneLine.length() <= MAX_QUOTED_TEXT ? oneLine : oneLine.substring(0, MAX_QUOTED_TEXT) + "…";
    }

    private static String list(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
