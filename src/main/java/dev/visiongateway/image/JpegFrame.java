package dev.visiongateway.image;

import java.util.Optional;

/**
 * A JPEG's frame header (SOF) and first scan header (SOS), read for the decode estimate. A progressive JPEG, or
 * a sequential one whose first scan does not hold every component, is decoded by libjpeg through DCT coefficient
 * buffers of the whole image, whatever the subsampling asked for: two bytes per coefficient, in native memory.
 * That is what took two 7000 x 7000 progressive JPEGs of 289 KB to 516 MB of RSS.
 *
 * @param samplingShare the components' sampled area over the image's (1 for grey, 1.5 for YCbCr 4:2:0, 3 for
 *        4:4:4)
 * @param width the frame's width in pixels
 * @param height the frame's height; 0 when a DNL marker after the first scan gives it
 * @param common a baseline, extended or progressive Huffman frame of 8-bit samples, 1 to 4 components and sampling
 *        factors 1 to 4: what every JPEG reader reads, so its header may stand in for the reader's
 */
record JpegFrame(boolean progressive, int components, int componentsInFirstScan, double samplingShare, int width,
        int height, boolean common) {

    /** Whether libjpeg buffers the whole image's coefficients. */
    boolean wholeImageCoefficients() {
        return progressive || componentsInFirstScan < components;
    }

    long coefficientBytes(int width, int height) {
        // blocks round up to 8 px, a little more than the pixel area: 10% covers it
        return (long) Math.ceil(width * (double) height * samplingShare * 2 * 1.1);
    }

    /**
     * Grey decodes to one byte a pixel, colour to three; CMYK and YCCK are read at four bytes, then converted to
     * three (both rasters held at once).
     */
    int decodedBytesPerPixel() {
        return components == 1 ? 1 : components == 4 ? 7 : 3;
    }

    /** The frame of a JPEG, or empty when its markers cannot be walked to a frame and a scan. */
    static Optional<JpegFrame> read(byte[] bytes) {
        int offset = 2;
        Boolean progressive = null;
        int components = 0;
        double share = 0;
        int width = 0;
        int height = 0;
        boolean common = false;
        while (offset + 4 <= bytes.length) {
            if ((bytes[offset] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = bytes[offset + 1] & 0xFF;
            if (marker == 0xFF) {
                offset++;
                continue;
            }
            int length = unsigned16(bytes, offset + 2);
            int body = offset + 4;
            if (isFrame(marker) && body + 6 <= bytes.length) {
                progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                components = bytes[body + 5] & 0xFF;
                share = samplingShare(bytes, body + 6, components);
                height = unsigned16(bytes, body + 1);
                width = unsigned16(bytes, body + 3);
                common = marker <= 0xC2 && (bytes[body] & 0xFF) == 8 && components >= 1 && components <= 4
                        && factorsInRange(bytes, body + 6, components);
            } else if (marker == 0xDA && progressive != null && body < bytes.length) {
                return Optional.of(new JpegFrame(progressive, components, bytes[body] & 0xFF, share, width,
                        height, common));
            }
            offset += 2 + length;
        }
        return Optional.empty();
    }

    /** Sum over components of (H x V) / (Hmax x Vmax), from the sampling factors of each component. */
    private static double samplingShare(byte[] bytes, int first, int components) {
        int hMax = 1;
        int vMax = 1;
        for (int i = 0; i < components && first + 3 * i + 1 < bytes.length; i++) {
            int factors = bytes[first + 3 * i + 1] & 0xFF;
            hMax = Math.max(hMax, factors >> 4);
            vMax = Math.max(vMax, factors & 0x0F);
        }
        double share = 0;
        for (int i = 0; i < components && first + 3 * i + 1 < bytes.length; i++) {
            int factors = bytes[first + 3 * i + 1] & 0xFF;
            share += Math.max(1, factors >> 4) * Math.max(1, factors & 0x0F) / (double) (hMax * vMax);
        }
        return Math.max(share, 1);
    }

    private static boolean factorsInRange(byte[] bytes, int first, int components) {
        if (first + 3 * components > bytes.length) {
            return false;
        }
        for (int i = 0; i < components; i++) {
            int factors = bytes[first + 3 * i + 1] & 0xFF;
            if ((factors >> 4) < 1 || (factors >> 4) > 4 || (factors & 0x0F) < 1 || (factors & 0x0F) > 4) {
                return false;
            }
        }
        return true;
    }

    /** SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int unsigned16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 8 | bytes[offset + 1] & 0xFF;
    }
}
