/* Meson wants a source per static_library; the real code comes from the Debian library named in meson.build. */
