import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/** Draws a line of text as a PNG, for the quick-start check: java .ci/TextImage.java out.png "text". */
public class TextImage {
    public static void main(String[] args) throws Exception {
        String text = args[1];
        BufferedImage image = new BufferedImage(900, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
        g.drawString(text, 40, 100);
        g.dispose();
        ImageIO.write(image, "png", new File(args[0]));
    }
}
