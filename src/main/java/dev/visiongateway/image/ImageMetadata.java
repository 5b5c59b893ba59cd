package dev.visiongateway.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.photoshop.PhotoshopDirectory;
import com.drew.metadata.xmp.XmpDirectory;

/**
 * What an image carries besides pixels: its EXIF orientation, and whether any metadata (GPS!) must be stripped.
 * PNGs are judged by {@link PngChunks}, since their metadata may be compressed; other formats' metadata segments
 * are bounded by the file size.
 */
record ImageMetadata(int orientation, boolean carriesMetadata) {

    static ImageMetadata read(byte[] bytes, ImageFormat format) {
        if (format == ImageFormat.PNG) {
            return new ImageMetadata(1, PngChunks.carryMetadata(bytes));
        }
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
        } catch (ImageProcessingException | IOException | RuntimeException unreadable) {
            // unknown is treated as present: the image is re-encoded, which strips whatever it was
            return new ImageMetadata(1, true);
        }
        int orientation = 1;
        boolean carries = false;
        for (Directory directory : metadata.getDirectories()) {
            if (directory instanceof ExifIFD0Directory exif && exif.containsTag(ExifDirectoryBase.TAG_ORIENTATION)) {
                Integer value = exif.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
                orientation = value == null || value < 1 || value > 8 ? 1 : value;
            }
            carries |= directory instanceof ExifDirectoryBase || directory instanceof GpsDirectory
                    || directory instanceof XmpDirectory || directory instanceof IptcDirectory
                    || directory instanceof PhotoshopDirectory || directory instanceof JpegCommentDirectory
                    || directory instanceof IccDirectory;
        }
        return new ImageMetadata(orientation, carries);
    }
}
