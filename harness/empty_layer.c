/* Stands in for a layer of harness/ that has no module yet. */
typedef int ra_empty_layer;
