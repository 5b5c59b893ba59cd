package dev.visiongateway.image;

/** What a backend needs done to an image before it gets it; each backend says which (docs/ARCHITECTURE.md rule 6). */
public enum ImagePreparation {

    /** Checked, then normalized to what the router recommends, and sent as a data URL (or its URL, passed through). */
    NORMALIZED,
    /** The same, turned into the high-contrast greyscale PNG that reads best for OCR. */
    NORMALIZED_FOR_OCR,
    /**
     * Checked (format, size from the header, pixel limit) but left as the client sent it, as bytes: for an engine
     * that decodes the image itself, once, at the client's resolution.
     */
    AS_SENT
}
