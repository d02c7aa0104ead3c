/**
 * The readiness decision as a printable PDF in Vietnamese (pdfkit). The font is DejaVu Sans from the
 * `dejavu-fonts-ttf` package, embedded (subset), so the diacritics print and `pdftotext` extracts them on a
 * machine with no fonts installed. Deterministic: the document's dates are the decision time and pdfkit's
 * document id derives from them, so the same decision gives the same bytes.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReadinessDecision } from './readiness-decision.ts';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const STATE_VI: Record<string, string> = { met: 'Đạt', waived: 'Đạt (có miễn trừ)', missing: 'Chưa có bằng chứng' };

/** dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no DST). */
export function vnDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export async function renderDecisionPdf(d: ReadinessDecision, extra: { jsonSha256: string }): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const at = new Date(d.decidedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: {
      Title: `Quyết định đánh giá mức độ sẵn sàng ${d.id}`,
      Author: 'sskdt-lab',
      Subject: `${d.facility.maCSKCB} ${d.facility.ten}`,
      Creator: 'sskdt-lab',
      Producer: 'sskdt-lab (pdfkit)',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const width = doc.page.width - 112;

  doc.font('bold').fontSize(10).text('PHÒNG THỬ NGHIỆM SSKDT-LAB — DỮ LIỆU THỬ NGHIỆM, KHÔNG CÓ GIÁ TRỊ PHÁP LÝ', { align: 'center' });
  doc.moveDown(0.8);
  doc.font('bold').fontSize(15).text('QUYẾT ĐỊNH ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG', { align: 'center' });
  doc.fontSize(12).text('triển khai thí điểm Sổ sức khỏe điện tử (QĐ 2733/QĐ-BYT)', { align: 'center' });
  doc.font('regular').fontSize(10).text(`Số: ${d.id}`, { align: 'center' });
  doc.moveDown(1);

  const field = (label: string, value: string) => {
    doc.font('bold').fontSize(10.5).text(`${label}: `, { continued: true }).font('regular').text(value);
  };
  field('Cơ sở khám bệnh, chữa bệnh', `${d.facility.ten} (mã ${d.facility.maCSKCB}, tỉnh ${d.facility.maTinh})`);
  field('Người quyết định', `${d.decidedBy.username} — thẩm định viên Sở Y tế tỉnh ${d.decidedBy.maTinh}`);
  field('Thời điểm quyết định', `${vnDateTime(d.decidedAt)} (giờ Việt Nam)`);
  field('Căn cứ', d.basis);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(13).text(`KẾT LUẬN: ${d.verdict_vi}`);
  if (d.note) {
    doc.moveDown(0.3);
    field('Ghi chú', d.note);
  }
  doc.moveDown(0.6);

  doc.font('bold').fontSize(11).text('Lượt chứng nhận được tham chiếu');
  if (d.certificationRun) {
    const r = d.certificationRun;
    doc.font('regular').fontSize(9.5);
    doc.text(`Mã lượt: ${r.runId} — kế hoạch ${r.plan} — kết quả ${r.verdict === 'pass' ? 'đạt' : r.verdict}${r.finishedAt ? ` — kết thúc ${vnDateTime(r.finishedAt)}` : ''}`);
    doc.text('SHA-256 của manifest.json trong gói bằng chứng:');
    doc.font('bold').text(r.manifestSha256);
  } else {
    doc.font('regular').fontSize(9.5).text('Không có lượt chứng nhận đạt.');
  }
  doc.moveDown(0.6);

  doc.font('bold').fontSize(11).text('Các điều kiện C1–C13 (QĐ 2733 Phụ lục 01)');
  doc.moveDown(0.2);
  for (const c of d.conditions) {
    const sources = [
      ...(c.run ? [`lượt chứng nhận: ${c.run.state}`] : []),
      ...c.documents.map((x) => `tài liệu "${x.title}" (${x.uploadedBy}, ${vnDateTime(x.uploadedAt)}; SHA-256 ${x.sha256.slice(0, 16)}…)`),
    ];
    doc.font('bold').fontSize(9.5).text(`${c.id} — ${STATE_VI[c.state] ?? c.state}${c.required ? '' : ' (không bắt buộc)'}`, { width });
    doc.font('regular').fontSize(9).text(c.condition_vi, { width, indent: 12 });
    doc.fillColor('#444').text(`${c.article}${sources.length ? ` — bằng chứng: ${sources.join('; ')}` : ''}`, { width, indent: 12 }).fillColor('black');
    doc.moveDown(0.25);
  }
  if (d.missingAtDecision.length) {
    doc.moveDown(0.3);
    doc.font('bold').fontSize(10).text('Còn thiếu tại thời điểm quyết định:');
    doc.font('regular').fontSize(9);
    for (const m of d.missingAtDecision) doc.text(`• ${m.vi}`, { width });
  }
  doc.moveDown(0.8);
  doc.font('bold').fontSize(10).text('Xác minh');
  doc.font('regular').fontSize(8.5);
  doc.text(`Bản điện tử của quyết định là tệp ${d.id}.json (SHA-256 ${extra.jsonSha256}), ký số tách rời bằng khóa của phòng thử nghiệm (${d.id}.p7s; chứng thư: ${d.signature.signerSubject}; vân tay SHA-256 ${d.signature.signerFingerprintSha256}).`, { width });
  doc.text(`Kiểm tra bằng OpenSSL: openssl cms -verify -binary -inform PEM -in ${d.id}.p7s -content ${d.id}.json -CAfile lab.pem -purpose any`, { width });
  doc.end();
  return done;
}
