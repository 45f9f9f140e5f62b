/**
 * Whether a Windows executable carries an Authenticode signature block at all: the PE optional header's
 * certificate-table entry (data directory 4, IMAGE_DIRECTORY_ENTRY_SECURITY) points at a WIN_CERTIFICATE of type
 * PKCS#7 signed data. Head office checks this at publish time so an unsigned Windows build never reaches a
 * feed; whether the signature chains to IT's certificate and names the pinned publisher is checked by the
 * device itself (electron-updater's `verifyUpdateCodeSignature` with `publisherName`, via Windows' own
 * Get-AuthenticodeSignature), which cannot run on head office's Linux server.
 */
export function authenticodeProblem(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 0x40 || view.getUint16(0, true) !== 0x5a4d) return '不是 Windows 可执行文件（缺少 MZ 头） not a Windows executable (no MZ header)';
  const pe = view.getUint32(0x3c, true);
  if (pe + 24 > bytes.length || view.getUint32(pe, true) !== 0x00004550) return '不是 PE 文件 not a PE file';
  const optional = pe + 24;
  const magic = view.getUint16(optional, true);
  // Data directories start at 96 (PE32) or 112 (PE32+) bytes into the optional header; each is 8 bytes.
  const directories = optional + (magic === 0x20b ? 112 : magic === 0x10b ? 96 : -1);
  if (directories < optional) return 'PE 可选头格式未知 unknown PE optional header';
  const entry = directories + 4 * 8;
  if (entry + 8 > bytes.length) return '缺少证书表 no certificate table';
  const offset = view.getUint32(entry, true); // a file offset, not an RVA, for this directory
  const size = view.getUint32(entry + 4, true);
  if (offset === 0 || size < 8) return '安装程序未签名（无 Authenticode 签名） the installer is not Authenticode-signed';
  if (offset + size > bytes.length) return 'Authenticode 签名块越界 the signature block lies outside the file';
  const revision = view.getUint16(offset + 4, true);
  const type = view.getUint16(offset + 6, true);
  if (revision !== 0x0200 || type !== 0x0002) return 'Authenticode 签名块不是 PKCS#7 the signature block is not PKCS#7 signed data';
  return null;
}
