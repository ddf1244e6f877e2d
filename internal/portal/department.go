package portal

// Department is a responsible department (责任单位) that answers enterprises' demands.
type Department struct {
	ID           int64
	Name         string
	ShortName    string
	ContactName  string
	ContactPhone string
}
