package dev.visiongateway.local;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names colours from a small palette a person would use (red, orange, brown, yellow, olive, green, cyan, blue,
 * purple, pink, black, gray, white), by hue, saturation and value rather than nearest RGB, so that a dark red
 * is still called red and a pale one pink.
 */
final class ColourNames {

    /** A named colour and the share of the image it covers (0..1). */
    record Share(String name, double share) {
    }

    private ColourNames() {
    }

    static String name(int rgb) {
        double r = (rgb >> 16 & 0xFF) / 255.0;
        double g = (rgb >> 8 & 0xFF) / 255.0;
        double b = (rgb & 0xFF) / 255.0;
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double saturation = max == 0 ? 0 : (max - min) / max;
        if (max < 0.18) {
            return "black";
        }
        if (saturation < 0.18 || max - min < 0.08) {
            return max > 0.86 ? "white" : max < 0.3 ? "black" : "gray";
        }
        double hue = hue(r, g, b, max, min);
        if (hue < 15 || hue >= 345) {
            return saturation < 0.45 && max > 0.75 ? "pink" : max < 0.55 && saturation < 0.7 ? "brown" : "red";
        }
        if (hue < 45) {
            return max < 0.65 ? "brown" : "orange";
        }
        if (hue < 70) {
            return max < 0.6 ? "olive" : "yellow";
        }
        if (hue < 165) {
            return "green";
        }
        if (hue < 195) {
            return "cyan";
        }
        if (hue < 255) {
            return "blue";
        }
        if (hue < 290) {
            return "purple";
        }
        return "pink";
    }

    /** The named colours covering at least {@code minShare} of the pixels, largest first, at most {@code limit}. */
    static List<Share> dominant(int[] rgb, double minShare, int limit) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int pixel : rgb) {
            counts.merge(name(pixel), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .map(entry -> new Share(entry.getKey(), entry.getValue() / (double) rgb.length))
                .filter(share -> share.share() >= minShare)
                .sorted(Comparator.comparingDouble(Share::share).reversed())
                .limit(limit)
                .toList();
    }

    /** HSV saturation (0..1): 0 for grays, 1 for pure hues. */
    static double saturation(int rgb) {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        int max = Math.max(r, Math.max(g, b));
        return max == 0 ? 0 : (max - Math.min(r, Math.min(g, b))) / (double) max;
    }

    private static double hue(double r, double g, double b, double max, double min) {
        double delta = max - min;
        double hue;
        if (max == r) {
            hue = 60 * (((g - b) / delta) % 6);
        } else if (max == g) {
            hue = 60 * ((b - r) / delta + 2);
        } else {
            hue = 60 * ((r - g) / delta + 4);
        }
        return hue < 0 ? hue + 360 : hue;
    }
}
