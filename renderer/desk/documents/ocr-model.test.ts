import { describe, expect, it } from 'vitest';
import { emptyDraft } from '../customers/form-model';
import { changedFields, completeValues, correctionDelta, draftFacts, formPatch, MAX_UPLOAD_BYTES, recordFieldFor, refusalOf } from './ocr-model';

describe('ocr-model', () => {
  it('refuses a file that is not a picture, empty or oversized the moment it is chosen', async () => {
    expect(await refusalOf(new Blob([]))).toBe('ocr.error.empty');
    expect(await refusalOf(new Blob(['这不是图片']))).toBe('ocr.error.unsupported-format');
    expect(await refusalOf(new Blob(['%PDF-1.7\n']))).toBe('ocr.error.pdf');
    expect(await refusalOf(new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1)]))).toBe('ocr.error.too-large');
    expect(await refusalOf(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])]))).toBeNull();
  });

  it('shows a repair as the characters it changed', () => {
    expect(correctionDelta('1101O5194912310O2X', '11010519491231002X')).toBe('O→0，O→0');
    expect(correctionDelta('候建国', '侯建国')).toBe('候→侯');
    expect(correctionDelta('人金湖县公安局', '金湖县公安局')).toBe('人金湖县公安局→金湖县公安局');
    expect(correctionDelta('', '男')).toBe('∅→男');
  });

  it('fills the form fields the document knows, by customer kind', () => {
    const id = { name: '王芳', idNumber: '11010519491231002x', address: '北京市西城区', sex: '女' };
    expect(formPatch('id-card', 'individual', id)).toEqual({ name: '王芳', idNumber: '11010519491231002x', address: '北京市西城区' });
    expect(formPatch('id-card', 'enterprise', id)).toEqual({ legalRepresentative: '王芳' });
    const lic = { companyName: '侯马市晋南农机合作社', uscc: '91141081MA0K2C3D4N', legalRepresentative: '李建国', address: '' };
    expect(formPatch('licence', 'enterprise', lic)).toEqual({ name: '侯马市晋南农机合作社', uscc: '91141081MA0K2C3D4N', legalRepresentative: '李建国' });
    expect(formPatch('licence', 'individual', lic)).toEqual({});
  });

  it('compares with what the form holds, and updates only the fields a scan may change', () => {
    const d = { ...emptyDraft(), name: '王方', idNumber: '11010519491231002X' };
    expect(draftFacts('id-card', d)).toEqual({ name: '王方', idNumber: '11010519491231002X', address: '' });
    expect(recordFieldFor('id-card', 'individual', 'name')).toBe('name');
    expect(recordFieldFor('id-card', 'individual', 'idNumber')).toBeNull();
    expect(recordFieldFor('licence', 'enterprise', 'companyName')).toBe('name');
    expect(recordFieldFor('licence', 'enterprise', 'uscc')).toBeNull();
    expect(recordFieldFor('licence', 'individual', 'address')).toBeNull();
  });

  it('knows which fields the teller changed', () => {
    const read = completeValues(['name', 'sex', 'address'], { name: '王芳', sex: '女' });
    expect(read).toEqual({ name: '王芳', sex: '女', address: '' });
    expect(changedFields(read, { ...read, address: ' ' })).toEqual([]);
    expect(changedFields(read, { ...read, name: '王方' })).toEqual(['name']);
  });
});
