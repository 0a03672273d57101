package printing

// The training station's mark (练习). A training station (forms.Station.
// Training, made by `counterdesk demo`) prints the same documents as a real
// one, on the same code paths; every page of every kind carries this mark,
// drawn by the page-header hook of newDoc before the page's own content, so
// no renderer can leave it out and no content is hidden under it.

// Watermark is the word printed across every page of a training station.
const Watermark = "练习"

// watermarkNote is the line at the top of every page of a training station.
const watermarkNote = "练习站点打印 · 仅供培训 · 不是正式单据"

// PreviewMark is the word printed across every page of a preview
// (forms.Printout.Preview): a sample for a sample customer, never given
// to a customer.
const PreviewMark = "样张"

// previewNote is the line at the top of every page of a preview.
const previewNote = "业务目录预览 · 示例客户 · 不是正式单据"

// watermark draws the training mark on the current page when the printout
// being drawn comes from a training station: 练习 in large light-grey
// letters across the middle of the page, and a small note at its top; a
// preview gets 样张 the same way (a preview on a training station says
// 样张, the stronger of the two).
func (d *doc) watermark() {
	if d.p == nil || (!d.p.Station.Training && !d.p.Preview) {
		return
	}
	mark, note := Watermark, watermarkNote
	if d.p.Preview {
		mark, note = PreviewMark, previewNote
	}
	saved := d.pt
	d.size(150)
	d.pdf.SetTextColor(226, 226, 226)
	d.pdf.TransformBegin()
	d.pdf.TransformRotate(35, pageW/2, pageH/2)
	d.center(pageW/2, pageH/2+18, mark)
	d.pdf.TransformEnd()
	d.size(8)
	d.color(grey)
	d.right(pageW-marginR, 6.5, note)
	d.color(black)
	d.size(saved)
}
