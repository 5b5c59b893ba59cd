package dev.visiongateway.catalog;

import java.util.List;

/**
 * Models a backend serves itself (the offline engine's): always listed after the remote catalog's, and checked
 * without asking anyone, so they answer while the router is down.
 */
public interface BuiltInModels {

    List<CatalogModel> models();
}
