package dev.visiongateway.image;

/**
 * A request image ready for its backend: what it is sent as, the detail asked for it, what the client is told, and
 * whether the client asked for it to be sent by a reusable file id ({@code "reuse": true}) whatever its size.
 */
public record PreparedImage(ImageReport report, ImageContent content, Detail detail, boolean reuse) {

    public PreparedImage(ImageReport report, ImageContent content, Detail detail) {
        this(report, content, detail, false);
    }

    /** The same image, sent as {@code content} now, its report replaced. */
    public PreparedImage sentAs(ImageReport sentReport, ImageContent sentContent) {
        return new PreparedImage(sentReport, sentContent, detail, reuse);
    }
}
