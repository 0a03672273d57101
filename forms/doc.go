// Package forms is the domain of Counter Desk, named after the papers a
// counter lives by: the counter services (Service) with the papers they
// require (Requirement) and the documents they print (Document), the cases a
// clerk opens (Case), customers and their identity numbers, money, receipts,
// deposits and loss declarations.
//
// The word "form" also means Fyne's widget.Form and the printed documents;
// in this package a printable document is a Document and a counter service is
// a Service. The package uses the standard library only: no Fyne, no
// database/sql, no PDF library, so every rule here can be tested alone.
package forms
