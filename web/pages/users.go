package pages

import (
	"context"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/web/components"
)

func userFormTitle(ctx context.Context, form UserForm) string {
	if form.ID == 0 {
		return i18n.T(ctx, "users.new")
	}
	return i18n.T(ctx, "users.edit")
}

func roleOptions(ctx context.Context, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "form.choose")}}
	for _, r := range portal.Roles {
		opts = append(opts, components.Option{Value: string(r), Label: i18n.T(ctx, "role."+string(r)), Selected: selected == string(r)})
	}
	return opts
}
