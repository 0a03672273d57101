package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// itemList is the list on the left of an editor tab: one line per entry
// (a paper, a document, …), with 添加 and 删除 under it. Selecting a line
// shows its details on the right.
type itemList struct {
	list     *widget.List
	sel      int
	count    func() int
	text     func(i int) string
	onSelect func(i int)
	add      *widget.Button
	remove   *widget.Button
	scroll   *container.Scroll // the details beside the list
}

func newItemList(count func() int, text func(i int) string, onSelect func(i int)) *itemList {
	l := &itemList{sel: -1, count: count, text: text, onSelect: onSelect}
	l.list = widget.NewList(count,
		func() fyne.CanvasObject {
			lb := widget.NewLabel("")
			lb.Truncation = fyne.TextTruncateEllipsis
			return lb
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(l.text(i)) })
	l.list.OnSelected = func(i widget.ListItemID) {
		l.sel = i
		l.onSelect(i)
	}
	return l
}

// content is the list with its buttons; detail is shown beside it.
func (l *itemList) content(detail fyne.CanvasObject, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	left := container.NewBorder(nil, container.NewHBox(buttons...), nil, nil, l.list)
	l.scroll = container.NewVScroll(padded(detail))
	split := container.NewHSplit(left, l.scroll)
	split.Offset = 0.32
	return split
}

// moveButtons returns 上移 and 下移 for the list: swap exchanges lines i
// and j of what the list shows (and of anything kept beside it), and the
// moved line stays selected. The order is the order the clerk sees.
func (l *itemList) moveButtons(swap func(i, j int)) (up, down *widget.Button) {
	move := func(d int) {
		i := l.sel
		j := i + d
		if i < 0 || j < 0 || j >= l.count() {
			return
		}
		swap(i, j)
		l.selectLine(j)
	}
	up = widget.NewButton(T("上移"), func() { move(-1) })
	down = widget.NewButton(T("下移"), func() { move(1) })
	return up, down
}

// relayout lays the details out again after lines were added to them or
// their wrapped texts changed, so nothing overlaps.
func (l *itemList) relayout() {
	if l.scroll != nil {
		l.scroll.Refresh()
	}
}

// selectLine selects line i (or nothing when out of range) and refreshes.
func (l *itemList) selectLine(i int) {
	l.list.Refresh()
	if i < 0 || i >= l.count() {
		l.sel = -1
		l.list.UnselectAll()
		l.onSelect(-1)
		return
	}
	l.list.Select(i)
}
