package dev.visiongateway.support;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The OCR document set: real kinds of documents drawn in code, each with its lines in reading order. A tall receipt,
 * a two-column page, a table of numbers, a screenshot with small UI text and a slightly rotated scan: the layouts on
 * which Tesseract's automatic page segmentation alone reads columns as blocks, and shrinking to 2048 px loses text.
 */
public final class Documents {

    /** A drawn document and its lines as a reader reads them, words apart by single spaces. */
    public record Document(String name, BufferedImage image, List<String> lines) {

        public byte[] png() {
            return TextImages.png(image);
        }
    }

    private static final String MONO = "DejaVu Sans Mono";
    private static final String SANS = "DejaVu Sans";
    private static final String SERIF = "DejaVu Serif";

    private static final String[] GOODS = { "Coffee beans premium", "Oat milk barista", "Sourdough loaf",
            "Butter unsalted", "Free range eggs", "Dark chocolate", "Green tea leaves", "Apple juice cloudy",
            "Rolled oats", "Cherry tomatoes", "Olive oil extra", "Basmati rice" };

    private static final String PROSE = "The committee met on Tuesday to review the budget for the coming year and"
            + " agreed that the library should open two more evenings each week during the winter months while"
            + " the garden project waits until spring when volunteers return from their holidays and the weather"
            + " allows planting again near the old wall behind the school where the children play after lunch"
            + " every day unless it rains heavily or the field is closed for repairs";

    private Documents() {
    }

    public static List<Document> all() {
        return List.of(receipt(), twoColumnPage(), table(), screenshot(), rotatedScan());
    }

    /** 760 x 5480, 160 rows of 22 px monospace text in three aligned columns. */
    public static Document receipt() {
        List<String> lines = new ArrayList<>();
        lines.add("CORNER GROCERY STORE");
        lines.add("Receipt 2026-0412");
        for (int i = 1; i <= 156; i++) {
            String item = GOODS[(i * 7) % GOODS.length];
            double price = 0.99 + ((i * 37) % 500) / 100.0;
            lines.add(String.format(Locale.ROOT, "Item %03d  %-20s  %5.2f EUR", i, item, price));
        }
        lines.add("Total 8123.45 EUR");
        lines.add("Thank you for shopping");
        BufferedImage image = canvas(760, 5480);
        Graphics2D graphics = text(image, MONO, 22);
        int y = 60;
        for (String line : lines) {
            graphics.drawString(line, 40, y);
            y += 33;
        }
        graphics.dispose();
        return new Document("tall receipt", image, words(lines));
    }

    /** Two columns of prose with aligned baselines, a 60 px gutter, paragraphs breaking at different rows. */
    public static Document twoColumnPage() {
        Font font = new Font(SERIF, Font.PLAIN, 20);
        FontMetrics metrics = metrics(font);
        List<String> left = wrap(PROSE, metrics, 540);
        List<String> right = wrap(PROSE.substring(PROSE.indexOf("the garden")) + " and the report was approved",
                metrics, 540);
        BufferedImage image = canvas(1300, 140 + 30 * Math.max(left.size(), right.size()) + 60);
        Graphics2D graphics = text(image, SERIF, 20);
        graphics.setFont(new Font(SERIF, Font.BOLD, 30));
        graphics.drawString("Annual Report", 60, 70);
        graphics.setFont(font);
        for (int i = 0; i < left.size(); i++) {
            graphics.drawString(left.get(i), 60, 140 + 30 * i);
        }
        for (int i = 0; i < right.size(); i++) {
            graphics.drawString(right.get(i), 660, 140 + 30 * i);
        }
        graphics.dispose();
        List<String> lines = new ArrayList<>();
        lines.add("Annual Report");
        lines.addAll(left);
        lines.addAll(right);
        return new Document("two-column page", image, words(lines));
    }

    /** A header row and twelve rows of numbers in five columns 180 px apart, numbers right-aligned. */
    public static Document table() {
        String[] regions = { "North", "South", "East", "West", "Central", "Coast", "Hills", "Valley", "Islands",
                "Harbour", "Plains", "Forest" };
        Font font = new Font(SANS, Font.PLAIN, 20);
        FontMetrics metrics = metrics(font);
        BufferedImage image = canvas(1100, 80 + 40 * 13 + 40);
        Graphics2D graphics = text(image, SANS, 20);
        List<String> lines = new ArrayList<>();
        String[] header = { "Region", "Q1", "Q2", "Q3", "Q4" };
        lines.add(String.join(" ", header));
        drawRow(graphics, metrics, header, 80);
        Random random = new Random(7);
        for (int row = 0; row < regions.length; row++) {
            String[] cells = new String[5];
            cells[0] = regions[row];
            for (int column = 1; column < 5; column++) {
                cells[column] = String.format(Locale.ROOT, "%,d", 100 + random.nextInt(99_000));
            }
            lines.add(String.join(" ", cells));
            drawRow(graphics, metrics, cells, 80 + 40 * (row + 1));
        }
        graphics.dispose();
        return new Document("table of numbers", image, lines);
    }

    private static void drawRow(Graphics2D graphics, FontMetrics metrics, String[] cells, int y) {
        graphics.drawString(cells[0], 60, y);
        for (int column = 1; column < cells.length; column++) {
            int right = 360 + 180 * column;
            graphics.drawString(cells[column], right - metrics.stringWidth(cells[column]), y);
        }
    }

    /**
     * A settings window at 1280 x 800: a title bar, rows of 13 px labels with their values far to the right, a blue
     * button with white text and a status bar, on tinted backgrounds.
     */
    public static Document screenshot() {
        BufferedImage image = canvas(1280, 800);
        Graphics2D graphics = text(image, SANS, 13);
        graphics.setColor(new Color(0xE8, 0xEA, 0xED));
        graphics.fillRect(0, 0, 1280, 36);
        graphics.fillRect(0, 770, 1280, 30);
        graphics.setColor(new Color(0x20, 0x21, 0x24));
        List<String> lines = new ArrayList<>();
        graphics.setFont(new Font(SANS, Font.BOLD, 14));
        graphics.drawString("Settings - Account and Privacy", 24, 23);
        lines.add("Settings - Account and Privacy");
        graphics.setFont(new Font(SANS, Font.PLAIN, 13));
        String[][] rows = { { "Display name", "Ada Lovelace" }, { "Email address", "ada@example.com" },
                { "Language", "English (United Kingdom)" }, { "Time zone", "Europe/London (UTC+00:00)" },
                { "Two-factor authentication", "Enabled" }, { "Login alerts", "Only new devices" },
                { "Profile visibility", "Friends of friends" }, { "Search engine indexing", "Off" },
                { "Download your data", "Last export 12 March 2026" }, { "Storage used", "4.2 GB of 15 GB" } };
        int y = 80;
        for (String[] row : rows) {
            graphics.setColor(new Color(0x5F, 0x63, 0x68));
            graphics.drawString(row[0], 40, y);
            graphics.setColor(new Color(0x20, 0x21, 0x24));
            graphics.drawString(row[1], 700, y);
            graphics.setColor(new Color(0xDA, 0xDC, 0xE0));
            graphics.drawLine(40, y + 14, 1240, y + 14);
            lines.add(row[0] + " " + row[1]);
            y += 48;
        }
        graphics.setColor(new Color(0x1A, 0x73, 0xE8));
        graphics.fillRoundRect(1080, y, 160, 36, 8, 8);
        graphics.setColor(Color.WHITE);
        graphics.drawString("Save changes", 1118, y + 23);
        lines.add("Save changes");
        graphics.setColor(new Color(0x3C, 0x40, 0x43));
        graphics.drawString("All changes are saved to your account automatically", 24, 790);
        lines.add("All changes are saved to your account automatically");
        graphics.dispose();
        return new Document("screenshot, 13 px UI text", image, lines);
    }

    /** A page of 24 px prose, rotated by 1.5 degrees, with scanner noise. */
    public static Document rotatedScan() {
        Font font = new Font(SERIF, Font.PLAIN, 24);
        List<String> lines = wrap(PROSE, metrics(font), 1000);
        BufferedImage image = canvas(1200, 120 + 40 * lines.size() + 80);
        Graphics2D graphics = text(image, SERIF, 24);
        graphics.setTransform(AffineTransform.getRotateInstance(Math.toRadians(1.5), image.getWidth() / 2.0,
                image.getHeight() / 2.0));
        for (int i = 0; i < lines.size(); i++) {
            graphics.drawString(lines.get(i), 100, 120 + 40 * i);
        }
        graphics.dispose();
        TextImages.addNoise(image, 12, new Random(15));
        return new Document("slightly rotated scan", image, lines);
    }

    private static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    private static Graphics2D text(BufferedImage image, String fontName, int size) {
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font(fontName, Font.PLAIN, size));
        graphics.setColor(Color.BLACK);
        return graphics;
    }

    private static FontMetrics metrics(Font font) {
        return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
    }

    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(longer) > width && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(longer);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Lines as a reader writes them down: words apart by one space. */
    private static List<String> words(List<String> lines) {
        return lines.stream().map(Documents::normalized).toList();
    }

    /** {@code text} with runs of white space as one space, trimmed: OCR cannot tell one space from two. */
    public static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /**
     * The share of {@code expected} lines found exactly, in order, among the lines of {@code text} (their longest
     * common subsequence): a line read wrong, missed or out of order does not count.
     */
    public static double linesReadInOrder(List<String> expected, String text) {
        return linesReadInOrder(expected, text, 0);
    }

    /**
     * The same, a line counting as read when at most {@code edits} characters differ (Levenshtein): where the
     * order is right and a glyph or two is not, as Tesseract reading "Q1" as "Ql".
     */
    public static double linesReadInOrder(List<String> expected, String text, int edits) {
        List<String> read = text.lines().map(Documents::normalized).filter(line -> !line.isEmpty()).toList();
        int[][] common = new int[expected.size() + 1][read.size() + 1];
        for (int i = expected.size() - 1; i >= 0; i--) {
            for (int j = read.size() - 1; j >= 0; j--) {
                common[i][j] = distance(expected.get(i), read.get(j), edits) <= edits ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        return expected.isEmpty() ? 1 : common[0][0] / (double) expected.size();
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it is certainly over {@code limit}. */
    private static int distance(String a, String b, int limit) {
        if (a.equals(b)) {
            return 0;
        }
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int best = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                best = Math.min(best, current[j]);
            }
            if (best > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
