/** Why a picture could not be read; the UI maps the code to its own message and keeps manual entry open. */
export type OcrErrorCode =
  | 'not-found'
  | 'empty'
  | 'too-large'
  | 'pdf'
  | 'heic'
  | 'unsupported-format'
  | 'undecodable'
  | 'too-small'
  | 'too-many-pixels'
  | 'not-id-card'
  | 'not-licence'
  | 'too-blurry'
  | 'engine-failed'
  | 'closed';

const MESSAGES: Record<OcrErrorCode, [string, string]> = {
  'not-found': ['找不到图片文件', 'image file not found'],
  empty: ['图片为空，请重新拍摄或选择文件', 'the image is empty'],
  'too-large': ['图片文件过大（上限 20 MB），请压缩后重试', 'the file is larger than 20 MB'],
  pdf: ['不支持 PDF 文件，请上传证件照片（PNG、JPEG、WebP、BMP 或 TIFF）', 'PDF is not supported; upload a photo (PNG, JPEG, WebP, BMP, TIFF)'],
  heic: ['不支持 HEIC/HEIF 格式（苹果手机照片），请在手机上导出为 JPEG 后重试', 'HEIC/HEIF is not supported; export the photo as JPEG'],
  'unsupported-format': ['不支持的文件格式，仅支持 PNG、JPEG、WebP、BMP、TIFF 图片', 'unsupported format; only PNG, JPEG, WebP, BMP and TIFF images'],
  undecodable: ['图片已损坏或无法解码，请重新拍摄', 'the image is damaged or cannot be decoded'],
  'too-small': ['图片分辨率过低（宽度至少 400 像素），请靠近证件重新拍摄', 'the image is too small (at least 400 pixels wide)'],
  'too-many-pixels': ['图片像素过多（上限 4000 万像素），请缩小后重试', 'the image has more than 40 megapixels'],
  'not-id-card': ['未识别到居民身份证（未找到“姓名”“公民身份号码”等栏目），请确认拍摄的是身份证人像面', 'no resident ID card found (no 姓名 / 公民身份号码 labels)'],
  'not-licence': ['未识别到营业执照（未找到“统一社会信用代码”“名称”等栏目），请确认拍摄的是营业执照', 'no business licence found (no 统一社会信用代码 / 名称 labels)'],
  'too-blurry': ['文字太小或模糊，请靠近重拍', 'the text is too small or blurred to read; move closer and retake'],
  'engine-failed': ['识别引擎出错，请手工录入或稍后重试', 'the OCR engine failed; type the fields by hand or retry'],
  closed: ['识别服务已关闭', 'the OCR service has been closed'],
};

export class OcrError extends Error {
  readonly messageZh: string;
  readonly messageEn: string;
  constructor(readonly code: OcrErrorCode, readonly detail?: string) {
    const [zh, en] = MESSAGES[code];
    super(`${zh}${detail ? `（${detail}）` : ''}`);
    this.name = 'OcrError';
    this.messageZh = zh;
    this.messageEn = en;
  }
}

export function ocrErrorMessages(code: OcrErrorCode): { messageZh: string; messageEn: string } {
  const [messageZh, messageEn] = MESSAGES[code];
  return { messageZh, messageEn };
}
